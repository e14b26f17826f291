// Leader-session console: the session's district figures live (the WebSocket /ws/figures, one frame a second),
// the calls waiting for the district (GET /api/queue, queue session:<id>), the assistants' seats, the leader seat's
// own desktop (agent.js on the same page), and the citizens to call back after the session (the district's orders
// submitted during the session, GET /api/orders?from&to&district) with the outbound call button.
'use strict';
(async () => {
    const {t, api, el} = Hotline;
    const $ = id => document.getElementById(id);
    await Hotline.loadTexts();
    const session = await Hotline.requireSession(['leader']);
    if (!session) {
        return;
    }
    $('to-reports').hidden = session.role === 'leader' && !session.district; // a district's leader: its reports
    await Hotline.loadUnits();
    const me = session.user;
    let sessions = [];
    let current = null;         // the session shown
    let picked = false;         // the user chose one: keep it
    let mySeat = null;
    let figures = null;         // the last /ws/figures frame
    let waiting = [];
    let callbacks = [];
    let calling = null;         // order number being called back
    let lastOrders = -1;

    // a district leader signs in to a leader seat only: no skills to type (the field is the agent desktop's)
    if ($('skills')) {
        const label = $('skills').closest('label');
        label.hidden = true;
        label.style.display = 'none'; // the desk pane's label styles would win over [hidden]
    }

    async function loadSessions() {
        try {
            sessions = await api('GET', '/api/web/sessions');
        } catch (e) {
            sessions = sessions || [];
        }
    }
    await loadSessions();
    // a session scheduled on the wallboard while this console is open shows up without a reload
    setInterval(async () => {
        const before = JSON.stringify(sessions.map(s => s.id));
        await loadSessions();
        if (JSON.stringify(sessions.map(s => s.id)) !== before) {
            if (current) {
                current = sessions.find(s => s.id === current.id) || null;
            }
            picked = picked && current !== null;
            setCurrent();
            renderPicker();
            render();
        }
    }, 10000);

    function phase(s, now) {
        return now < Date.parse(s.start) ? 'notStarted' : now < Date.parse(s.end) ? 'running' : 'ended';
    }

    // the leader's own session (its seat is a leader seat), else the running one, else the next, else the first
    function choose() {
        if (picked && current) {
            return current;
        }
        const now = Date.now();
        return sessions.find(s => mySeat && s.leaderSeats.includes(mySeat))
            || sessions.find(s => phase(s, now) === 'running')
            || sessions.find(s => phase(s, now) === 'notStarted') || sessions[0] || null;
    }

    function renderPicker() {
        const pick = $('session-pick');
        pick.replaceChildren(...(sessions.length ? sessions.map(s => el('option', {value: s.id},
            s.district + ' · ' + t('leader.session') + ' ' + Hotline.time(s.start).slice(0, 5) + '–'
            + Hotline.time(s.end).slice(0, 5))) : [el('option', {value: ''}, t('leader.noSession'))]));
        pick.value = current ? current.id : '';
        pick.disabled = sessions.length < 2;
    }
    $('session-pick').onchange = () => {
        picked = true;
        current = sessions.find(s => s.id === $('session-pick').value) || null;
        lastOrders = -1;
        render();
        loadCallbacks();
    };

    function setCurrent() {
        const next = choose();
        if (next !== current) {
            current = next;
            renderPicker();
            loadCallbacks();
        }
    }

    // the leader's district's sessions, else all: the next one to come, for the guidance line
    function nextSession() {
        const now = Date.now();
        const mine = sessions.filter(s => !session.district || s.district === session.district);
        return mine.filter(s => Date.parse(s.end) > now).sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0]
            || null;
    }

    function when(iso) {
        return new Date(iso).toLocaleString(Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB', {month: 'numeric',
            day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false});
    }

    // no session to show, or the shown one not running: one plain line saying what to do
    function renderGuide() {
        const guide = $('session-guide');
        const p = current ? phase(current, Date.now()) : null;
        if (p === 'running') {
            guide.hidden = true;
            return;
        }
        const next = nextSession();
        guide.hidden = false;
        guide.textContent = next && Date.parse(next.start) > Date.now()
            ? t('leader.guide.next').replace('{district}', next.district).replace('{start}', when(next.start))
                .replace('{end}', when(next.end)).replace('{seats}', next.leaderSeats.join(', '))
            : t('leader.guide.none');
    }

    function render() {
        renderGuide();
        $('session-bar').hidden = !current;
        if (!current) {
            $('session-state').textContent = '';
            delete $('session-state').dataset.phase;
            $('session-waiting').replaceChildren(el('tr', {}, el('td', {colspan: 4, class: 'muted'},
                t('leader.noWaiting'))));
            $('assistants').replaceChildren(el('li', {class: 'muted'}, t('leader.guide.noAssistants')));
            $('callbacks').replaceChildren(el('tr', {}, el('td', {colspan: 5, class: 'muted'},
                t('leader.noCallbacks'))));
            return;
        }
        const p = phase(current, Date.now());
        $('session-state').textContent = t('leader.' + p);
        $('session-state').dataset.phase = p;
        $('session-time').textContent = current.district + ' · ' + new Date(current.start).toLocaleDateString(
            Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB') + ' ' + Hotline.time(current.start).slice(0, 5) + '–'
            + Hotline.time(current.end).slice(0, 5);
        const f = figures && figures.sessions.find(s => s.session === current.id);
        if (f) {
            $('fig-received').textContent = f.received;
            $('fig-leaders').textContent = f.answeredByLeaders;
            $('fig-others').textContent = f.answeredByOthers;
            $('fig-orders').textContent = f.ordersCreated;
            $('fig-callbacks').textContent = f.callbacksMade;
            if (f.ordersCreated !== lastOrders) {
                lastOrders = f.ordersCreated;
                loadCallbacks();
            }
        }
        const mine = waiting.filter(c => c.queue === 'session:' + current.id);
        $('fig-waiting').textContent = mine.length;
        $('fig-waiting').classList.toggle('bad', mine.length > 0);
        $('waiting-count').textContent = mine.length ? String(mine.length) : '';
        $('session-waiting').replaceChildren(...(mine.length ? mine.map(c => el('tr', {'data-call': c.callId},
            el('td', {}, '#' + c.position),
            el('td', {}, el('span', {class: 'prio ' + c.priority}, t('priority.' + c.priority))),
            el('td', {'data-k': 'waited'}, Hotline.duration((Date.now() - Date.parse(c.arrivedAt)) / 1000)),
            el('td', {}, Hotline.duration(c.estimatedWaitSeconds))))
            : [el('tr', {}, el('td', {colspan: 4, class: 'muted'}, t('leader.noWaiting')))]));
        const agents = figures ? figures.agents : [];
        $('assistants').replaceChildren(...(current.assistantSeats.length ? [] : [el('li', {class: 'muted'},
            t('leader.guide.noAssistants'))]), ...current.assistantSeats.map(seat => {
            const a = agents.find(x => x.seat === seat);
            return el('li', {'data-seat': seat}, el('span', {class: 'dot ' + (a ? a.state : 'LOGGED_OUT')}),
                el('b', {}, seat), ' ', a ? a.agentId + ' · ' + t('state.' + a.state) : t('leader.seatOut'));
        }));
        renderCallbacks();
    }

    async function loadCallbacks() {
        if (!current) {
            return;
        }
        try {
            const q = new URLSearchParams({from: new Date(current.start).toISOString(),
                to: new Date(current.end).toISOString(), district: current.district, limit: '200'});
            callbacks = (await api('GET', '/api/orders?' + q)).orders;
            $('callback-error').textContent = '';
        } catch (e) {
            $('callback-error').textContent = e.error || t('error.network');
        }
        renderCallbacks();
    }

    // re-drawn only when the list, the call in progress or the language changed: a button under the leader's
    // pointer must not be replaced by the next frame's copy
    let drawn = null;
    function renderCallbacks() {
        const key = JSON.stringify([callbacks.map(o => o.number + o.version), calling, Hotline.lang()]);
        if (key === drawn) {
            return;
        }
        drawn = key;
        $('callback-count').textContent = callbacks.length ? String(callbacks.length) : '';
        $('callbacks').replaceChildren(...(callbacks.length ? callbacks.map(o => el('tr', {'data-order': o.number},
            el('td', {}, Hotline.time(o.createdAt).slice(0, 5)),
            el('td', {}, el('b', {}, o.callerName || '—'), el('br'), el('span', {class: 'muted'}, o.phone)),
            el('td', {}, o.number, el('br'), el('span', {class: 'muted'}, Hotline.categoryName(o.category))),
            el('td', {}, o.unitIds.map(Hotline.unitName).join('、')),
            el('td', {}, callButton(o))))
            : [el('tr', {}, el('td', {colspan: 5, class: 'muted'}, t('leader.noCallbacks')))]));
    }

    function callButton(o) {
        const b = el('button', {class: 'go call-back', 'data-order': o.number},
            calling === o.number ? t('leader.calling') : t('leader.call'));
        b.disabled = calling !== null;
        b.onclick = async () => {
            calling = o.number;
            $('callback-error').textContent = '';
            renderCallbacks();
            try {
                await api('POST', '/api/agents/' + encodeURIComponent(me) + '/outbound',
                    {number: o.phone, orderId: o.number});
            } catch (e) {
                $('callback-error').textContent = e.error || String(e);
                calling = null;
            }
            renderCallbacks();
        };
        return b;
    }

    document.addEventListener('hotline:agent', ev => {
        const a = ev.detail;
        if (a.seat && a.seat !== mySeat) {
            mySeat = a.seat;
            setCurrent();
            render();
        }
        if (calling && a.state !== 'READY' && a.state !== 'RESERVED') {
            calling = null; // the seat took the callback (or went elsewhere)
            renderCallbacks();
        }
    });
    document.addEventListener('hotline:draft', ev => {
        if (ev.detail.unit) {
            const id = Hotline.unitIdFor(ev.detail.unit, ev.detail.district);
            $('assist-unit').textContent = ev.detail.unit + (id ? ' (' + id + ')' : '');
        }
    });
    document.addEventListener('hotline:call', () => {
        // the assistant pane repeats the caller's history from the screen pop, larger
        setTimeout(() => $('assist-history').replaceChildren(...[...$('caller-orders').children]
            .map(li => li.cloneNode(true))), 600);
    });
    document.addEventListener('hotline:order', () => loadCallbacks());
    document.addEventListener('hotline:lang', () => {
        renderPicker();
        render();
    });

    // ---- the live figures ----
    let backoff = 500;
    let queueAsked = 0;
    function connect() {
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
            + '/ws/figures');
        ws.onmessage = async ev => {
            const m = JSON.parse(ev.data);
            if (m.type !== 'figures') {
                return;
            }
            backoff = 500;
            figures = m;
            $('figures-conn').className = 'conn on';
            $('figures-conn').textContent = t('leader.figuresOn');
            if (Date.now() - queueAsked >= 2000) {
                queueAsked = Date.now();
                waiting = (await api('GET', '/api/queue').catch(() => ({calls: waiting}))).calls;
            }
            render();
        };
        ws.onclose = () => {
            $('figures-conn').className = 'conn off';
            $('figures-conn').textContent = t('leader.figuresOff');
            setTimeout(connect, backoff);
            backoff = Math.min(backoff * 2, 10000);
        };
    }
    setCurrent();
    renderPicker();
    render();
    connect();
    setInterval(loadCallbacks, 15000);
})();
