// Agent desktop: seat sign-in, ready / not-ready, wrap-up, screen pop, live transcript, draft order.
// Live: the WebSocket /ws/agents/<me> carries {"type":"agent"} state, {"type":"call"} screen pops,
// {"type":"partial"|"final"} transcript and {"type":"draft"} frames; it reconnects by itself.
'use strict';
(async () => {
    const {t, api, el} = Hotline;
    const $ = id => document.getElementById(id);
    Hotline.wireLangSwitch();
    await Hotline.loadTexts();
    const session = await Hotline.requireSession(['agent', 'leader']);
    if (!session) {
        return;
    }
    Hotline.header(session);
    if (session.role === 'supervisor') {
        $('to-wall').hidden = false;
    }
    const me = session.user;
    let agent = {agentId: me, state: 'LOGGED_OUT'};
    let call = null;            // {callId, fields}
    let finals = [];            // this call's final utterances
    let untranscribed = null;   // the untranscribed frame {reason, language} of the caller's voice, when not transcribed
    let edited = new Set();     // draft fields the agent typed into: live drafts no longer overwrite them
    let draftSeq = -1;
    let requestId = newRequestId();

    api('GET', '/api/web/sessions').then(Hotline.knowSessions).catch(() => {}); // session queues by district
    $('seat').value = localStorage.getItem('hotline.seat') || '';
    $('skills').value = localStorage.getItem('hotline.skills') || '';

    function newRequestId() {
        const r = crypto.getRandomValues(new Uint32Array(2));
        return 'desk-' + me + '-' + Date.now().toString(36) + '-' + r[0].toString(36) + r[1].toString(36);
    }

    // ---- state ----
    function renderAgent() {
        const s = agent.state || 'LOGGED_OUT';
        const badge = $('state');
        badge.className = 'state-badge state-' + s;
        badge.dataset.state = s;
        badge.textContent = t('state.' + s);
        $('state-reason').textContent = s === 'NOT_READY' && agent.reason ? (t('reason.' + agent.reason) !== 'reason.'
            + agent.reason ? t('reason.' + agent.reason) : agent.reason) : '';
        const out = s === 'LOGGED_OUT';
        $('sign-in').disabled = !out;
        $('sign-out').disabled = out || s === 'RESERVED' || s === 'ON_CALL';
        $('seat').disabled = !out;
        $('skills').disabled = !out;
        $('ready').disabled = out || s === 'READY' || s === 'RESERVED' || s === 'ON_CALL';
        $('not-ready').disabled = out || s === 'NOT_READY' || s === 'RESERVED' || s === 'ON_CALL';
        $('wrap').hidden = s !== 'WRAP_UP';
        $('wrap-extend').disabled = !!agent.wrapUpExtended;
        if (agent.seat) {
            $('seat').value = agent.seat;
        }
        $('pop-state').textContent = call ? t('state.' + s) : '';
        $('pop').classList.toggle('active', s === 'ON_CALL');
        tick();
        document.dispatchEvent(new CustomEvent('hotline:agent', {detail: agent}));
    }

    function tick() {
        const since = agent.stateSince ? (Date.now() - Date.parse(agent.stateSince)) / 1000 : null;
        $('since').textContent = since === null ? '' : t('agent.inState') + ' ' + Hotline.duration(since);
        if (agent.state === 'WRAP_UP' && agent.wrapUpEnds) {
            $('wrap-left').textContent = Hotline.duration((Date.parse(agent.wrapUpEnds) - Date.now()) / 1000);
        }
    }
    setInterval(tick, 1000);

    async function command(path, body, errorBox) {
        $(errorBox).textContent = '';
        try {
            agent = await api('POST', '/api/agents/' + encodeURIComponent(me) + path, body);
            renderAgent();
        } catch (e) {
            $(errorBox).textContent = e.error || String(e);
        }
    }

    function parseSkills(text) {
        const skills = {};
        text.split(/[,，\s]+/).filter(Boolean).forEach(pair => {
            const [name, level] = pair.split(/[:：=]/);
            skills[name] = parseInt(level || '1', 10);
        });
        return skills;
    }

    $('sign-in').onclick = () => {
        localStorage.setItem('hotline.seat', $('seat').value.trim());
        localStorage.setItem('hotline.skills', $('skills').value.trim());
        command('/login', {seat: $('seat').value.trim(), skills: parseSkills($('skills').value)}, 'seat-error');
    };
    $('sign-out').onclick = () => command('/logout', undefined, 'seat-error');
    $('ready').onclick = () => command('/ready', undefined, 'state-error');
    $('not-ready').onclick = () => command('/not-ready', {reason: $('reason').value}, 'state-error');
    $('wrap-end').onclick = () => command('/wrap-up/end', undefined, 'state-error');
    $('wrap-extend').onclick = () => command('/wrap-up/extend', undefined, 'state-error');

    async function refreshAgent() {
        const all = await api('GET', '/api/agents');
        agent = all.find(a => a.agentId === me) || {agentId: me, state: 'LOGGED_OUT'};
        renderAgent();
        if (agent.callId && (!call || call.callId !== agent.callId)) {
            const rec = await api('GET', '/api/calls/' + encodeURIComponent(agent.callId)).catch(() => null);
            screenPop(agent.callId, rec ? rec.fields : {});
        }
    }

    // ---- screen pop ----
    function screenPop(callId, fields) {
        if (!call || call.callId !== callId) {
            finals = [];
            untranscribed = null;
            renderTranscript(null);
            resetDraft();
        }
        call = {callId, fields: fields || {}};
        const f = call.fields;
        $('no-call').hidden = true;
        $('call').hidden = false;
        $('caller-number').textContent = f.callerNumber || '—';
        $('call-id').textContent = callId;
        $('call-queue').textContent = Hotline.queueName(f.queue, f.district);
        $('call-arrived').textContent = f.arrivedAt ? Hotline.time(f.arrivedAt) : '—';
        const ivr = $('call-ivr');
        ivr.replaceChildren(...Object.keys(f).filter(k => k.startsWith('ivr.')).sort()
            .map(k => el('span', {}, k.substring(4) + ': ' + f[k])));
        if (!ivr.children.length) {
            ivr.textContent = '—';
        }
        const form = $('draft');
        if (!form.phone.value && f.callerNumber) {
            form.phone.value = f.callerNumber;
        }
        renderAgent();
        callerOrders(f.callerNumber);
        document.dispatchEvent(new CustomEvent('hotline:call', {detail: call}));
    }

    // the caller's earlier orders (open ones first), from GET /api/callers/<number>/orders
    let historyFor = null;
    async function callerOrders(number) {
        const box = $('caller-orders');
        if (!number || historyFor === number) {
            return;
        }
        historyFor = number;
        box.replaceChildren(el('li', {class: 'muted'}, '…'));
        let orders = [];
        try {
            orders = (await api('GET', '/api/callers/' + encodeURIComponent(number) + '/orders?limit=5')).orders;
        } catch (e) {
            box.replaceChildren(el('li', {class: 'muted'}, e.error || t('error.network')));
            return;
        }
        orders.sort((a, b) => (a.status === 'CLOSED') - (b.status === 'CLOSED'));
        box.replaceChildren(...(orders.length ? orders.map(o => el('li', {'data-order': o.number,
            class: o.status === 'CLOSED' ? '' : 'open'},
            el('b', {}, o.number), ' ', el('span', {class: 'ostatus ' + o.status}, t('order.status.' + o.status)), ' ',
            Hotline.categoryName(o.category), ' · ', o.summary.length > 28 ? o.summary.slice(0, 28) + '…' : o.summary))
            : [el('li', {class: 'muted'}, t('agent.noEarlierOrders'))]));
    }

    // ---- transcript ----
    function renderTranscript(partial) {
        const box = $('transcript');
        const nodes = finals.map(u => el('div', {class: 'utt ' + u.speaker},
            el('span', {class: 'who'}, t('agent.speaker.' + u.speaker)), u.text));
        if (partial && partial.text) {
            nodes.push(el('div', {class: 'utt partial ' + partial.speaker},
                el('span', {class: 'who'}, t('agent.speaker.' + partial.speaker)), partial.text));
        }
        if (untranscribed) {
            nodes.push(el('div', {class: 'muted', id: 'untranscribed', 'data-reason': untranscribed.reason},
                untranscribedText(untranscribed)));
        }
        if (!nodes.length) {
            nodes.push(el('div', {class: 'muted', id: 'no-transcript'}, t('agent.noTranscript')));
        }
        box.replaceChildren(...nodes);
        box.scrollTop = box.scrollHeight;
    }

    // why the caller is not transcribed; no_model names the call's language (中文, English) in the agent's language
    function untranscribedText(u) {
        const text = t('agent.untranscribed.' + u.reason);
        if (!u.language) {
            return text.replace('{lang}', '?');
        }
        const name = t('agent.asrLang.' + u.language.split('-')[0]);
        return text.replace('{lang}', name.startsWith('agent.asrLang.') ? u.language : name);
    }

    // ---- draft ----
    const FIELD_OF = {name: 'callerName', phone: 'phone', district: 'district', street: 'street',
        community: 'community', category: 'category', urgency: 'urgency', summary: 'summary'};

    function resetDraft() {
        const form = $('draft');
        form.reset();
        $('unit-names').textContent = '';
        edited = new Set();
        draftSeq = -1;
        requestId = newRequestId();
        document.querySelectorAll('[data-conf]').forEach(c => { c.textContent = ''; });
        $('unit-hint-line').hidden = true;
        $('draft-live').hidden = true;
        $('draft-error').textContent = '';
        $('draft-ok').textContent = '';
        delete $('draft-ok').dataset.order;
    }

    // the category select: every known category by name, the code as its value (a code the rules file adds too)
    function renderCategories(extra) {
        const select = $('category-select');
        const value = select.value;
        const codes = Hotline.CATEGORIES.slice();
        [...select.options].forEach(o => { if (o.value && !codes.includes(o.value)) { codes.push(o.value); } });
        if (extra && !codes.includes(extra)) {
            codes.push(extra);
        }
        select.replaceChildren(el('option', {value: ''}, '—'),
            ...codes.map(c => el('option', {value: c}, Hotline.categoryName(c))));
        select.value = value;
    }
    renderCategories();

    function fillDraft(d) {
        const form = $('draft');
        if (d.category) {
            renderCategories(d.category);
        }
        Object.entries(FIELD_OF).forEach(([from, to]) => {
            const v = from === 'name' && !d.name && d.surname ? d.surname : d[from];
            if (v != null && v !== '' && !edited.has(to)) {
                form[to].value = v;
            }
        });
        const conf = d.confidence || {};
        document.querySelectorAll('[data-conf]').forEach(c => {
            if (!(c.dataset.conf in conf)) {
                return; // a partial draft keeps the confidences it does not mention
            }
            const v = conf[c.dataset.conf];
            c.textContent = typeof v === 'number' ? Math.round(v * 100) + '%' : '';
            c.classList.toggle('low', typeof v === 'number' && v < 0.6);
        });
        if (d.unit) {
            $('unit-hint').textContent = d.unit;
            $('unit-hint-line').hidden = false;
            const id = Hotline.unitIdFor(d.unit, d.district);
            if (id && !edited.has('unitIds') && !form.unitIds.value) {
                form.unitIds.value = id;
                renderUnitNames();
            }
        }
        document.dispatchEvent(new CustomEvent('hotline:draft', {detail: d}));
        $('street-candidates').replaceChildren(...(d.streetCandidates || []).map(s => el('option', {value: s})));
    }

    $('draft').addEventListener('input', ev => {
        if (ev.target.name) {
            edited.add(ev.target.name);
        }
        if (ev.target.name === 'unitIds') {
            renderUnitNames();
        }
    });

    // the unit directory: names beside the typed ids, and the ids to pick from by name
    function renderUnitNames() {
        const ids = $('draft').unitIds.value.split(/[,，\s]+/).filter(Boolean);
        $('unit-names').textContent = ids.map(Hotline.unitName).join('、');
    }
    Hotline.loadUnits().then(units => {
        $('unit-options').replaceChildren(...[...units.values()].map(u => el('option', {value: u.id,
            label: u.name + (u.district ? '（' + u.district + '）' : '')})));
    });

    $('from-transcript').onclick = async () => {
        $('draft-error').textContent = '';
        const text = finals.filter(u => u.speaker === 'caller').map(u => u.text).join(' ')
            || finals.map(u => u.text).join(' ');
        if (!text) {
            $('draft-error').textContent = t('agent.noTranscript');
            return;
        }
        const body = {text};
        if (call && call.fields.callerNumber) {
            body.callerNumber = call.fields.callerNumber;
        }
        try {
            fillDraft(await api('POST', '/api/drafts', body));
        } catch (e) {
            $('draft-error').textContent = e.error || String(e);
        }
    };

    $('draft').onsubmit = async ev => {
        ev.preventDefault();
        const form = $('draft');
        $('draft-error').textContent = '';
        $('draft-ok').textContent = '';
        delete $('draft-ok').dataset.order;
        const order = {
            requestId,
            callerName: form.callerName.value.trim(),
            phone: form.phone.value.trim(),
            district: form.district.value.trim(),
            street: form.street.value.trim(),
            community: form.community.value.trim(),
            category: form.category.value.trim(),
            urgency: form.urgency.value,
            summary: form.summary.value.trim(),
            unitIds: form.unitIds.value.split(/[,，\s]+/).filter(Boolean),
            channel: 'phone'
        };
        if (call) {
            order.callId = call.callId;
        }
        try {
            const saved = await api('POST', '/api/orders', order);
            $('draft-ok').dataset.order = saved.number;
            renderSubmitted();
            document.dispatchEvent(new CustomEvent('hotline:order', {detail: saved}));
        } catch (e) {
            $('draft-error').textContent = e.error || String(e);
        }
    };
    function renderSubmitted() {
        const number = $('draft-ok').dataset.order;
        $('draft-ok').textContent = number ? t('agent.submitted') + number : '';
    }

    document.addEventListener('keydown', ev => {
        if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
            ev.preventDefault();
            $('draft').requestSubmit();
        }
    });

    // ---- the live socket ----
    let backoff = 500;
    function connect() {
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/agents/'
            + encodeURIComponent(me));
        ws.onmessage = ev => {
            const m = JSON.parse(ev.data);
            if (m.type === 'hello') {
                backoff = 500;
                $('conn').className = 'conn on';
                $('conn').textContent = t('agent.live');
                $('conn').dataset.i18n = 'agent.live';
                refreshAgent().catch(() => {});
            } else if (m.type === 'agent') {
                agent = m.agent;
                renderAgent();
            } else if (m.type === 'call') {
                screenPop(m.callId, m.fields);
            } else if ((m.type === 'final' || m.type === 'partial') && (!call || m.callId === call.callId)) {
                if (!call) {
                    screenPop(m.callId, {});
                }
                if (m.type === 'final') {
                    finals.push(m);
                    renderTranscript(null);
                } else {
                    renderTranscript(m);
                }
            } else if (m.type === 'untranscribed' && m.speaker === 'caller' && call && m.callId === call.callId) {
                untranscribed = {reason: m.reason, language: m.language};
                renderTranscript(null);
            } else if (m.type === 'draft' && call && m.callId === call.callId && (m.seq == null || m.seq > draftSeq)) {
                draftSeq = m.seq == null ? draftSeq : m.seq;
                fillDraft(m);
                $('draft-live').hidden = false;
            }
        };
        ws.onclose = () => {
            $('conn').className = 'conn off';
            $('conn').textContent = t('agent.offline');
            $('conn').dataset.i18n = 'agent.offline';
            setTimeout(connect, backoff);
            backoff = Math.min(backoff * 2, 10000);
        };
    }
    document.addEventListener('hotline:lang', () => {
        renderCategories();
        renderAgent();
        renderTranscript(null);
        renderSubmitted();
    });
    renderAgent();
    connect();
})();
