// Supervisor wallboard: per queue waiting, longest wait, service level, abandon rate, answered; every seat of the hall
// on a floor plan with its agent's state and time in state; alerts (service level, long wait, agent stuck in a state);
// listen / whisper / barge on an agent's live call from the supervisor's own seat. Live: the figures WebSocket
// /ws/figures (a frame a second); on each frame the queue and the agents are re-read (at most every 2 s).
'use strict';
(async () => {
    const {t, api, el} = Hotline;
    const $ = id => document.getElementById(id);
    // an agent is "stuck" after this long in a state (seconds): ringing, talking, after-call work, not ready
    const STUCK = {RESERVED: 45, ON_CALL: 1200, WRAP_UP: 300, NOT_READY: 1800};
    Hotline.wireLangSwitch();
    await Hotline.loadTexts();
    const session = await Hotline.requireSession('supervisor');
    if (!session) {
        return;
    }
    Hotline.header(session);
    // a hall's large screen: /wallboard.html?big=1 (big tiles, the controls folded away)
    if (new URLSearchParams(location.search).get('big') === '1') {
        document.body.classList.add('big');
    }
    let targets = {};
    try {
        (await api('GET', '/api/web/queues')).forEach(q => { targets[q.queue] = q; });
    } catch (e) { /* the tiles still show, without targets */ }
    let seats = {first: 1001, count: 0};
    try {
        seats = await api('GET', '/api/seats');
    } catch (e) { /* the floor shows the logged-in agents only */ }
    // agents by display name and work number where the users' configuration has them (GET /api/web/people)
    let people = {};
    try {
        people = await api('GET', '/api/web/people');
    } catch (e) { /* shown by login id */ }
    const person = id => people[id] && people[id].displayName
        ? people[id].displayName + (people[id].workNumber ? ' · ' + people[id].workNumber : '') : id;
    let figures = null;
    let queue = {calls: []};
    let agents = [];
    let spy = null; // {agentId, mode, agentSeat, seat, id, state: ringing|connected|ended, endReason} or {error, text}
    $('my-seat').value = localStorage.getItem('hotline.supervisorSeat') || '';
    $('my-seat').onchange = () => localStorage.setItem('hotline.supervisorSeat', $('my-seat').value.trim());

    function stateText(s, reason) {
        const r = reason && t('reason.' + reason) !== 'reason.' + reason ? t('reason.' + reason) : reason;
        return t('state.' + s) + (s === 'NOT_READY' && r ? ' · ' + r : '');
    }

    // a session's queue is named by its district
    function queueName(id) {
        const s = id.startsWith('session:') && figures ? figures.sessions.find(x => 'session:' + x.session === id)
            : null;
        return Hotline.queueName(id, s ? s.district : null);
    }

    // a target in words: 15秒, 5分钟, 1小时 (not 3600s)
    function span(seconds) {
        if (seconds >= 3600 && seconds % 3600 === 0) {
            return seconds / 3600 + t('wall.unit.h');
        }
        if (seconds >= 60 && seconds % 60 === 0) {
            return seconds / 60 + t('wall.unit.min');
        }
        return seconds + t('wall.unit.s');
    }

    // today's totals over every queue (the ACD's counters since the day started) and the orders submitted today
    let ordersToday = null;
    async function loadOrdersToday() {
        const midnight = new Date();
        midnight.setHours(0, 0, 0, 0);
        try {
            const q = new URLSearchParams({from: midnight.toISOString(), to: new Date(Date.now() + 60000).toISOString(),
                limit: '500'});
            const n = (await api('GET', '/api/orders?' + q)).orders.length;
            ordersToday = n >= 500 ? '500+' : String(n);
        } catch (e) { /* keeps the last */ }
    }
    loadOrdersToday();
    setInterval(loadOrdersToday, 15000);

    function renderToday() {
        const sum = k => figures.queues.reduce((n, q) => n + q[k], 0);
        const answered = sum('answered');
        const handled = figures.queues.reduce((n, q) => n + (q.averageHandleSeconds > 0 ? q.answered : 0), 0);
        const aht = handled ? figures.queues.reduce((n, q) => n + q.averageHandleSeconds * q.answered, 0) / handled
            : null;
        const staffed = figures.agents.filter(a => a.state !== 'LOGGED_OUT');
        const occupancy = staffed.length ? staffed.reduce((n, a) => n + (a.occupancy || 0), 0) / staffed.length : null;
        const put = (k, v) => { $('today').querySelector("[data-k='" + k + "']").textContent = v; };
        // received: answered, abandoned, waiting now, or ringing a seat now
        put('received', answered + sum('abandoned') + sum('waiting')
            + figures.agents.filter(a => a.state === 'RESERVED').length);
        put('answered', answered);
        put('abandoned', sum('abandoned'));
        put('aht', aht === null ? '—' : Hotline.duration(Math.round(aht)));
        put('occupancy', occupancy === null ? '—' : Math.round(occupancy * 100) + '%');
        put('orders', ordersToday === null ? '—' : ordersToday);
    }

    function render() {
        if (!figures) {
            return;
        }
        renderToday();
        const alerts = [];
        $('queues').replaceChildren(...figures.queues.map(q => {
            const target = targets[q.queue];
            const offered = q.answered + q.abandoned;
            const slBad = target && offered > 0 && q.serviceLevel < target.serviceLevelPercent;
            const waitBad = target && q.waiting > 0 && q.longestWaitSeconds > target.serviceLevelTargetSeconds;
            const abandonRate = offered > 0 ? Math.round(q.abandoned * 100 / offered) : 0;
            if (slBad) {
                alerts.push({key: 'sl-' + q.queue, text: queueName(q.queue) + ': ' + t('wall.alert.sl') + ' ('
                    + Math.round(q.serviceLevel) + '% < ' + target.serviceLevelPercent + '%)'});
            }
            if (waitBad) {
                alerts.push({key: 'wait-' + q.queue, text: queueName(q.queue) + ': ' + t('wall.alert.wait') + ' ('
                    + Hotline.duration(q.longestWaitSeconds) + ' > '
                    + Hotline.duration(target.serviceLevelTargetSeconds) + ')'});
            }
            return el('div', {class: 'tile' + (slBad || waitBad ? ' alarm' : ''), 'data-queue': q.queue},
                el('h3', {}, queueName(q.queue), el('span', {class: 'small'}, t('wall.staffed') + ' ' + q.staffed)),
                el('div', {class: 'big'},
                    el('div', {}, el('b', {class: q.waiting > 0 ? 'bad' : '', 'data-k': 'waiting'}, q.waiting),
                        el('small', {}, t('wall.waiting'))),
                    el('div', {}, el('b', {class: waitBad ? 'bad' : '', 'data-k': 'longest'},
                        Hotline.duration(q.longestWaitSeconds)), el('small', {}, t('wall.longest'))),
                    el('div', {}, el('b', {class: slBad ? 'bad' : 'good', 'data-k': 'sl'},
                        Math.round(q.serviceLevel) + '%'),
                        el('small', {}, t('wall.sl') + (target ? ' (' + t('wall.target') + ' '
                            + target.serviceLevelPercent + '% / ' + span(target.serviceLevelTargetSeconds) + ')'
                            : '')))),
                el('div', {class: 'small'},
                    el('span', {}, t('wall.answered') + ' ', el('b', {'data-k': 'answered'}, q.answered)),
                    el('span', {}, t('wall.abandoned') + ' ', el('b', {'data-k': 'abandoned'}, q.abandoned)),
                    el('span', {}, t('wall.abandonRate') + ' ', el('b', {'data-k': 'abandonRate',
                        class: abandonRate > 5 ? 'bad' : ''}, abandonRate + '%'))));
        }));
        renderFloor(alerts);
        renderOps();
        $('waiting').replaceChildren(...(queue.calls.length ? queue.calls.map(c => el('tr', {'data-call': c.callId},
            el('td', {}, '#' + c.position), el('td', {}, queueName(c.queue)),
            el('td', {}, t('priority.' + c.priority)),
            el('td', {}, Hotline.duration((Date.now() - Date.parse(c.arrivedAt)) / 1000))))
            : [el('tr', {}, el('td', {class: 'muted'}, t('leader.noWaiting')))]));
        $('alerts').replaceChildren(...(alerts.length ? alerts.map(a => el('li', {'data-alert': a.key}, a.text))
            : [el('li', {class: 'muted', style: 'background:none;border:none'}, t('wall.noAlerts'))]));
    }

    // The floor's tiles are made once per seat and updated in place: a button under the supervisor's pointer must
    // not be replaced by the next frame's copy (a click between press and release would be lost).
    const cells = new Map();
    function cell(seat) {
        let c = cells.get(seat);
        if (!c) {
            const phone = el('span', {class: 'phone', title: t('wall.registered')});
            c = {root: el('div', {'data-seat': seat}), phone, agent: el('div', {class: 'seat-agent'}),
                state: el('div', {class: 'seat-state', 'data-k': 'state'}), time: el('div', {class: 'seat-time'}),
                spy: el('div', {class: 'spy-buttons'}, ...['listen', 'whisper', 'barge'].map(mode => {
                    const b = el('button', {'data-spy': mode});
                    b.onclick = () => {
                        b.blur();
                        startSpy(c.root.dataset.agent, mode);
                    };
                    return b;
                }))};
            c.root.append(el('div', {class: 'seat-no'}, seat, phone), c.agent, c.state, c.time, c.spy);
            cells.set(seat, c);
        }
        return c;
    }

    function renderFloor(alerts) {
        const reasons = {};
        agents.forEach(a => { reasons[a.agentId] = a.reason; });
        const bySeat = new Map(figures.agents.map(a => [a.seat, a]));
        const seatIds = [];
        for (let i = 0; i < seats.count; i++) {
            seatIds.push(String(seats.first + i));
        }
        figures.agents.forEach(a => { if (!seatIds.includes(a.seat)) { seatIds.push(a.seat); } });
        const counts = {};
        seatIds.forEach(seat => {
            const a = bySeat.get(seat);
            const c = cell(seat);
            if (!a) {
                c.root.className = 'seat empty';
                delete c.root.dataset.agent;
                c.agent.textContent = '—';
                c.phone.textContent = '';
                c.state.textContent = '';
                delete c.state.dataset.state;
                c.time.textContent = '';
                c.spy.hidden = true;
                return;
            }
            counts[a.state] = (counts[a.state] || 0) + 1;
            const stuck = STUCK[a.state] !== undefined && a.secondsInState > STUCK[a.state];
            if (stuck) {
                alerts.push({key: 'stuck-' + a.agentId, text: person(a.agentId) + ' (' + seat + '): ' + t('wall.alert.stuck')
                    + ' ' + t('state.' + a.state) + ' ' + Hotline.duration(a.secondsInState)});
            }
            c.root.className = 'seat s-' + a.state + (stuck ? ' stuck' : '') + (a.registered ? '' : ' unregistered')
                + (a.held ? ' held' : '');
            c.root.dataset.agent = a.agentId;
            c.phone.textContent = a.registered ? '●' : '○';
            c.agent.textContent = person(a.agentId);
            c.agent.title = a.agentId;
            c.state.dataset.state = a.state;
            c.state.textContent = stateText(a.state, reasons[a.agentId]) + (a.held ? ' · ' + t('call.held') : '');
            c.time.textContent = Hotline.duration(a.secondsInState) + ' · ' + t('wall.calls') + ' ' + a.callsToday;
            c.spy.hidden = a.state !== 'ON_CALL';
            c.spy.querySelectorAll('button').forEach(b => {
                // the mode in use on this agent stays marked until the spy call ends
                b.classList.toggle('on', !!(spy && spy.state && spy.state !== 'ended' && spy.agentId === a.agentId
                    && spy.mode === b.dataset.spy));
                b.textContent = t('wall.spy.' + b.dataset.spy);
                b.title = t('wall.spy.' + b.dataset.spy + '.hint');
            });
        });
        const floor = $('floor');
        const moved = seatIds.some((s, i) => floor.children[i] !== cells.get(s).root);
        if (floor.children.length !== seatIds.length || moved) {
            floor.replaceChildren(...seatIds.map(s => cells.get(s).root));
        }
        $('agent-summary').replaceChildren(...Object.keys(counts).sort().map(s => el('span',
            {style: 'margin-left:12px'}, el('span', {class: 'dot ' + s}), t('state.' + s) + ' ' + counts[s])));
        $('spy-status').textContent = spy ? spyText() : t('wall.spy.idle');
        $('spy-status').className = 'spy-status' + (spy && spy.error ? ' bad' : '');
        $('spy-status').dataset.state = spy && spy.state ? spy.state : '';
    }

    // ---- supervisor operations (the ACD's, audited): force a state, move / assign / raise a waiting call ----
    // a select keeps what the supervisor picked while the lists refresh every second
    function fillSelect(select, items, empty) {
        const value = select.value;
        const key = JSON.stringify(items);
        if (select.dataset.key !== key) {
            select.dataset.key = key;
            select.replaceChildren(...(items.length ? items.map(([v, label]) => el('option', {value: v}, label))
                : [el('option', {value: ''}, empty)]));
        }
        if (items.some(([v]) => v === value)) {
            select.value = value;
        }
    }

    function renderOps() {
        const list = figures.agents.slice().sort((a, b) => a.agentId.localeCompare(b.agentId));
        fillSelect($('op-agent'), list.map(a => [a.agentId, person(a.agentId) + ' (' + a.seat + ') · '
            + t('state.' + a.state)]),
            t('wall.noAgents'));
        // labels without the running wait: the options change only when the queue does (an open list stays open)
        fillSelect($('op-call'), queue.calls.map(c => [c.callId, '#' + c.position + ' ' + queueName(c.queue) + ' · '
            + t('priority.' + c.priority) + ' · ' + Hotline.time(c.arrivedAt)]), t('leader.noWaiting'));
        const queues = figures.queues.map(q => [q.queue, queueName(q.queue)]);
        fillSelect($('op-queue'), queues, '—');
        fillSelect($('op-to-agent'), list.filter(a => a.state === 'READY').map(a => [a.agentId, a.agentId]),
            t('wall.op.noneReady'));
        const agentOps = !list.length;
        ['op-ready', 'op-busy', 'op-logout'].forEach(id => { $(id).disabled = agentOps; });
        const callOps = !queue.calls.length;
        ['op-move', 'op-urgent'].forEach(id => { $(id).disabled = callOps; });
        $('op-assign').disabled = callOps || !list.some(a => a.state === 'READY');
    }

    async function operate(path, body, done) {
        $('op-status').className = 'spy-status';
        try {
            await api('POST', '/api/supervisor/' + path, Object.assign({supervisorId: session.user}, body));
            $('op-status').textContent = done + ' ✓';
            asked = 0; // show the result at the next frame
        } catch (e) {
            $('op-status').className = 'spy-status bad';
            $('op-status').textContent = e.error || String(e);
        }
    }
    const agentPath = () => 'agents/' + encodeURIComponent($('op-agent').value) + '/state';
    const callPath = op => 'calls/' + encodeURIComponent($('op-call').value) + '/' + op;
    $('op-ready').onclick = () => operate(agentPath(), {state: 'READY'}, t('wall.op.ready') + ' '
        + $('op-agent').value);
    $('op-busy').onclick = () => operate(agentPath(), {state: 'NOT_READY', reason: 'supervisor'},
        t('wall.op.busy') + ' ' + $('op-agent').value);
    // force logout asks first (a second click within 6 s), naming the agent and what they are doing
    let logoutArmed = null;
    $('op-logout').onclick = () => {
        const agentId = $('op-agent').value;
        if (logoutArmed && logoutArmed.agentId === agentId && Date.now() - logoutArmed.at < 6000) {
            logoutArmed = null;
            $('op-logout').classList.remove('armed');
            $('op-logout').textContent = t('wall.op.logout');
            operate(agentPath(), {state: 'LOGGED_OUT'}, t('wall.op.logout') + ' ' + agentId);
            return;
        }
        const a = figures && figures.agents.find(x => x.agentId === agentId);
        logoutArmed = {agentId, at: Date.now()};
        $('op-logout').classList.add('armed');
        $('op-logout').textContent = t('wall.op.logoutConfirm');
        $('op-status').className = 'spy-status bad';
        $('op-status').textContent = t('wall.op.logoutAsk').replace('{agent}', agentId)
            .replace('{state}', a ? t('state.' + a.state) : '—');
        setTimeout(() => {
            if (logoutArmed && Date.now() - logoutArmed.at >= 6000) {
                logoutArmed = null;
                $('op-logout').classList.remove('armed');
                $('op-logout').textContent = t('wall.op.logout');
                $('op-status').textContent = '';
            }
        }, 6100);
    };
    $('op-move').onclick = () => operate(callPath('move'), {queue: $('op-queue').value}, t('wall.op.move') + ' '
        + queueName($('op-queue').value));
    $('op-urgent').onclick = () => operate(callPath('priority'), {priority: 'URGENT'}, t('wall.op.urgent'));
    $('op-assign').onclick = () => operate(callPath('assign'), {agentId: $('op-to-agent').value},
        t('wall.op.assign') + ' ' + $('op-to-agent').value);

    // the spy call's state as the pbx reports it (GET /api/supervisor/spies): ringing, connected, ended (why)
    function spyText() {
        if (!spy.state) {
            return spy.text;
        }
        const who = t('wall.spy.' + spy.mode) + ' ' + spy.agentId + (spy.agentSeat ? ' (' + spy.agentSeat + ')' : '');
        if (spy.state === 'ringing') {
            return who + ' · ' + t('wall.spy.ringing') + ' ' + spy.seat;
        }
        if (spy.state === 'connected') {
            return who + ' · ' + t('wall.spy.connected') + ' ' + spy.seat;
        }
        return who + ' · ' + t('wall.spy.ended') + (spy.endReason ? '：' + t('wall.spy.end.' + spy.endReason) : '');
    }

    function fromServer(s) {
        return {id: s.id, agentId: s.agentId, agentSeat: s.agentSeat, seat: s.seat, mode: s.mode, state: s.state,
            endReason: s.endReason};
    }

    async function refreshSpy() {
        const seat = spy && spy.seat ? spy.seat : $('my-seat').value.trim();
        // nothing to follow: no seat, an error shown, the spy over, or its POST still unanswered
        if (!seat || (spy && (spy.error || spy.state === 'ended' || !spy.id))) {
            return;
        }
        try {
            const r = await api('GET', '/api/supervisor/spies?seat=' + encodeURIComponent(seat));
            const s = r.spies[0];
            if (s && (!spy || !spy.id || s.id >= spy.id)) {
                spy = fromServer(s);
            }
        } catch (e) { /* the next frame asks again */ }
    }

    async function startSpy(agentId, mode) {
        const seat = $('my-seat').value.trim();
        if (!seat) {
            spy = {error: true, text: t('wall.spy.needSeat')};
            $('my-seat').focus();
            render();
            return;
        }
        localStorage.setItem('hotline.supervisorSeat', seat);
        spy = {agentId, mode, seat, state: 'ringing'};
        render();
        try {
            const r = await api('POST', '/api/supervisor/agents/' + encodeURIComponent(agentId) + '/spy',
                {supervisorId: session.user, seat, mode});
            if (!spy.id || spy.id < r.spyId) {
                spy = {id: r.spyId, agentId, mode, seat, agentSeat: r.agentSeat, state: 'ringing'};
            }
        } catch (e) {
            spy = {error: true, text: e.error || String(e)};
        }
        render();
    }

    // ---- leader sessions: the schedule (configured and scheduled here) and a new one, applied by the ACD at once ----
    function localInput(d) {
        const p = n => String(n).padStart(2, '0');
        return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':'
            + p(d.getMinutes());
    }
    $('sess-start').value = localInput(new Date());
    $('sess-end').value = localInput(new Date(Date.now() + 2 * 3600 * 1000));
    const when = iso => new Date(iso).toLocaleString(Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB',
        {month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false});
    const seatsOf = v => v.split(/[,，\s]+/).map(x => x.trim()).filter(x => x);
    async function loadSessions() {
        let list = [];
        try {
            list = await api('GET', '/api/web/sessions');
        } catch (e) { /* shown as none */ }
        const now = Date.now();
        const state = x => Date.parse(x.end) <= now ? 'ended' : Date.parse(x.start) <= now ? 'running' : 'planned';
        $('sess-list').replaceChildren(...(list.length ? list.map(x => el('tr', {'data-session': x.id,
            'data-state': state(x)},
            el('td', {}, x.district), el('td', {}, when(x.start) + ' – ' + when(x.end)),
            el('td', {}, t('wall.sess.leaderSeats') + ' ' + x.leaderSeats.join(', ')),
            el('td', {}, t('wall.sess.state.' + state(x))),
            el('td', {class: 'muted'}, t('wall.sess.source.' + x.source))))
            : [el('tr', {}, el('td', {class: 'muted'}, t('wall.sess.none')))]));
    }
    $('sess-add').onclick = async () => {
        $('sess-status').className = 'spy-status';
        const start = new Date($('sess-start').value);
        const end = new Date($('sess-end').value);
        if (isNaN(start) || isNaN(end)) {
            $('sess-status').className = 'spy-status bad';
            $('sess-status').textContent = t('wall.sess.needTimes');
            return;
        }
        try {
            const r = await api('POST', '/api/supervisor/sessions', {supervisorId: session.user,
                district: $('sess-district').value.trim(), leaderSeats: seatsOf($('sess-seats').value),
                assistantSeats: seatsOf($('sess-assistants').value), start: start.toISOString(),
                end: end.toISOString()});
            $('sess-status').textContent = t('wall.sess.added') + ' ' + r.session.district + ' '
                + when(r.session.start) + ' – ' + when(r.session.end) + ' ✓';
            asked = 0;
        } catch (e) {
            $('sess-status').className = 'spy-status bad';
            $('sess-status').textContent = e.error || String(e);
        }
        loadSessions();
    };
    loadSessions();
    setInterval(loadSessions, 30000);
    document.addEventListener('hotline:lang', loadSessions);

    let asked = 0;
    async function refreshLists() {
        if (Date.now() - asked < 2000) {
            return;
        }
        asked = Date.now();
        try {
            [queue, agents] = await Promise.all([api('GET', '/api/queue'), api('GET', '/api/agents')]);
        } catch (e) {
            if (e.status === 401) {
                location.href = '/?next=/wallboard.html';
            }
        }
    }

    let backoff = 500;
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
            await Promise.all([refreshLists(), refreshSpy()]);
            $('updated').textContent = Hotline.time(new Date().toISOString());
            $('conn').className = 'conn on';
            $('conn').textContent = t('wall.live');
            render();
        };
        ws.onclose = () => {
            $('conn').className = 'conn off';
            $('conn').textContent = t('wall.offline');
            setTimeout(connect, backoff);
            backoff = Math.min(backoff * 2, 10000);
        };
    }
    document.addEventListener('hotline:lang', render);
    connect();
})();
