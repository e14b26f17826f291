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
    // the call whose draft the form holds (the current call, or an unsubmitted one reopened), the order submitted
    // from it (then a second submit amends that order), and the fields the live draft filled (their confidences)
    let formCallId = null;
    let formCaller = '';
    let submitted = null;        // {number, version} once the form's order exists
    let filled = new Set();

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
        $('hangup').disabled = s !== 'ON_CALL';
        renderWrapWarning();
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
        const isNew = !call || call.callId !== callId;
        if (isNew) {
            finals = [];
            untranscribed = null;
            renderTranscript(null);
        }
        call = {callId, fields: fields || {}};
        const f = call.fields;
        if (isNew) {
            openForm(callId, f.callerNumber || '', f).catch(() => {});
            loadTranscript(callId).catch(() => {});
        }
        $('no-call').hidden = true;
        $('call').hidden = false;
        $('caller-number').textContent = f.callerNumber || '—';
        $('call-id').textContent = callId;
        $('call-queue').textContent = Hotline.queueName(f.queue, f.district);
        $('call-arrived').textContent = f.arrivedAt ? Hotline.time(f.arrivedAt) : '—';
        const ivr = $('call-ivr');
        renderIvr(f);
        renderAgent();
        callerOrders(f.callerNumber);
        document.dispatchEvent(new CustomEvent('hotline:call', {detail: call}));
    }

    // the menu's choices by name: language, business line, district (gazetteer name); no raw keys or timings
    function renderIvr(f) {
        const ivr = $('call-ivr');
        const chips = [];
        const lang = f['ivr.language'];
        if (lang) {
            chips.push(el('span', {'data-ivr': 'language'}, t('adesk.ivr.language') + '：'
                + (t('adesk.ivr.lang.' + lang) === 'adesk.ivr.lang.' + lang ? lang : t('adesk.ivr.lang.' + lang))));
        }
        const line = f['ivr.line'];
        if (line) {
            chips.push(el('span', {'data-ivr': 'line'}, t('adesk.ivr.line') + '：'
                + (t('adesk.ivr.line.' + line) === 'adesk.ivr.line.' + line ? line : t('adesk.ivr.line.' + line))));
        }
        if (f['ivr.district']) {
            chips.push(el('span', {'data-ivr': 'district'}, t('adesk.ivr.district') + '：'
                + (f.districtName || f['ivr.district'])));
        }
        ivr.replaceChildren(...chips);
        if (!chips.length) {
            ivr.textContent = '—';
        }
    }

    // ---- the form's call: its typed draft kept on the server (PUT/GET /api/agents/<me>/drafts/<callId>) ----
    const draftsBase = '/api/agents/' + encodeURIComponent(me) + '/drafts';

    function formValues() {
        const form = $('draft');
        const out = {};
        Object.values(FIELD_OF).concat(['unitIds']).forEach(n => { out[n] = form[n].value; });
        return out;
    }

    let saveTimer = null;
    function scheduleSave() {
        clearTimeout(saveTimer);
        saveTimer = setTimeout(() => saveNow().catch(() => {}), 400);
    }
    function snapshot() {
        return {callId: formCallId, body: {draft: formValues(), edited: [...edited], callerNumber: formCaller}};
    }
    async function saveNow(snap) {
        clearTimeout(saveTimer);
        const what = snap || snapshot();
        if (!what.callId) {
            return;
        }
        await api('PUT', draftsBase + '/' + encodeURIComponent(what.callId), what.body);
    }

    // puts call `callId`'s draft in the form: what the agent typed (server-kept), else the pop's number and the
    // menu's district; then the live draft for the fields the agent has not typed
    async function openForm(callId, callerNumber, f) {
        if (formCallId && formCallId !== callId) {
            saveNow(snapshot()).catch(() => {}); // the form's previous call keeps what was typed
        }
        resetDraft();
        formCallId = callId;
        formCaller = callerNumber;
        renderDraftFor();
        const form = $('draft');
        const rec = await api('GET', draftsBase + '/' + encodeURIComponent(callId)).catch(() => null);
        if (formCallId !== callId) {
            return;
        }
        if (rec) {
            Object.entries(rec.draft || {}).forEach(([k, v]) => {
                if (form[k] && v != null) {
                    if (k === 'category') {
                        renderCategories(v);
                    }
                    form[k].value = v;
                }
            });
            edited = new Set(rec.edited || []);
            formCaller = rec.callerNumber || callerNumber;
            if (rec.state === 'submitted' && rec.order) {
                submitted = {number: rec.order};
                edited = new Set(Object.values(FIELD_OF).concat(['unitIds']));
                renderSubmitted();
            }
            renderUnitNames();
        } else {
            if (f && f.callerNumber && !form.phone.value) {
                form.phone.value = f.callerNumber;
            }
            if (f && f.districtName && !form.district.value) {
                form.district.value = f.districtName; // the district the caller chose in the menu
            }
            await saveNow().catch(() => {}); // the call is now an unsubmitted one until its order is submitted
        }
        const live = await api('GET', '/api/calls/' + encodeURIComponent(callId) + '/draft').catch(() => null);
        if (live && formCallId === callId) {
            fillDraft(live);
        }
        refreshUnsubmitted();
    }

    // the transcript so far (a reload mid-call, or a reopened call): the stored finals, then the live ones
    async function loadTranscript(callId) {
        const r = await api('GET', '/api/calls/' + encodeURIComponent(callId) + '/transcript');
        if (!call || call.callId !== callId) {
            return;
        }
        const key = u => u.speaker + '|' + u.startMs + '|' + u.text;
        const stored = (r.utterances || []).map(u => Object.assign({callId}, u));
        const seen = new Set(stored.map(key));
        finals = stored.concat(finals.filter(u => !seen.has(key(u))));
        if (r.untranscribed && r.untranscribed.caller) {
            untranscribed = r.untranscribed.caller;
        }
        renderTranscript(null);
    }

    function renderDraftFor() {
        const other = formCallId && (!call || formCallId !== call.callId);
        $('draft-for').hidden = !other;
        $('draft-for-text').textContent = other ? t('adesk.editingCall') + ' ' + formCallId
            + (formCaller ? ' · ' + formCaller : '') : '';
        $('draft-back').hidden = !call;
    }
    $('draft-back').onclick = () => {
        if (call) {
            openForm(call.callId, call.fields.callerNumber || '', call.fields).catch(() => {});
        }
    };

    // wrap-up ending with the form's order unsubmitted: said plainly (the draft stays in the unsubmitted list)
    function renderWrapWarning() {
        $('wrap-unsubmitted').hidden = !(agent.state === 'WRAP_UP' && formCallId && !submitted);
    }

    // ---- 未提交工单: calls whose order was not submitted, to reopen and submit, or dismiss with a reason ----
    let unsubmitted = [];
    async function refreshUnsubmitted() {
        try {
            unsubmitted = (await api('GET', draftsBase)).drafts;
            $('unsubmitted-error').textContent = '';
        } catch (e) {
            $('unsubmitted-error').textContent = e.error || String(e);
        }
        renderUnsubmitted();
    }
    function renderUnsubmitted() {
        // the current call and the call in the form are on screen already
        const list = unsubmitted.filter(d => !(call && d.callId === call.callId) && d.callId !== formCallId);
        $('unsubmitted-count').textContent = list.length ? ' ' + list.length : '';
        $('unsubmitted').replaceChildren(...(list.length ? list.map(d => {
            const reason = el('input', {maxlength: '200', placeholder: t('adesk.dismissReason')});
            const open = el('button', {type: 'button', class: 'primary', 'data-act': 'open'}, t('adesk.reopen'));
            const dismiss = el('button', {type: 'button', 'data-act': 'dismiss'}, t('adesk.dismiss'));
            const summary = (d.draft && d.draft.summary || '').trim();
            open.onclick = () => openForm(d.callId, d.callerNumber || '', null).catch(() => {});
            dismiss.onclick = async () => {
                if (!reason.value.trim()) {
                    $('unsubmitted-error').textContent = t('adesk.dismissNeedsReason');
                    reason.focus();
                    return;
                }
                try {
                    await api('POST', draftsBase + '/' + encodeURIComponent(d.callId) + '/dismiss',
                        {reason: reason.value.trim()});
                    if (formCallId === d.callId && call && call.callId !== d.callId) {
                        openForm(call.callId, call.fields.callerNumber || '', call.fields).catch(() => {});
                    }
                } catch (e) {
                    $('unsubmitted-error').textContent = e.error || String(e);
                }
                refreshUnsubmitted();
            };
            return el('li', {'data-call': d.callId, class: formCallId === d.callId ? 'mine' : ''},
                el('div', {class: 'task-head'}, el('b', {}, d.callerNumber || '—'), ' ',
                    el('span', {class: 'muted'}, Hotline.time(d.openedAt))),
                el('div', {}, summary ? (summary.length > 40 ? summary.slice(0, 40) + '…' : summary)
                    : t('adesk.noSummary')),
                reason, el('div', {class: 'row'}, open, dismiss));
        }) : [el('li', {class: 'muted'}, t('adesk.noUnsubmitted'))]));
    }
    setInterval(refreshUnsubmitted, 20000);

    // the caller's earlier orders (open ones first), from GET /api/callers/<number>/orders
    let historyFor = null;
    async function callerOrders(number, again) {
        const box = $('caller-orders');
        if (!number || (historyFor === number && !again)) {
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
        filled = new Set();
        submitted = null;
        draftSeq = -1;
        requestId = newRequestId();
        clearFieldErrors();
        document.querySelectorAll('[data-conf]').forEach(c => { c.textContent = ''; });
        $('unit-hint-line').hidden = true;
        $('answer-line').hidden = true;
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
        if (submitted) {
            return; // after submit the form is the agent's: a late live draft never rewrites it
        }
        if (d.category) {
            renderCategories(d.category);
        }
        Object.entries(FIELD_OF).forEach(([from, to]) => {
            const v = from === 'name' && !d.name && d.surname ? d.surname : d[from];
            if (v != null && v !== '' && !edited.has(to)) {
                form[to].value = v;
                filled.add(from);
            }
        });
        const conf = d.confidence || {};
        document.querySelectorAll('[data-conf]').forEach(c => {
            if (!(c.dataset.conf in conf)) {
                return; // a partial draft keeps the confidences it does not mention
            }
            const v = conf[c.dataset.conf];
            c.dataset.value = typeof v === 'number' ? String(v) : '';
        });
        renderConfidences();
        if (d.unit) {
            $('unit-hint').textContent = d.unit;
            $('unit-hint-line').hidden = false;
            if (!edited.has('unitIds') && !form.unitIds.value) {
                unitPicker.fill(d.unit, d.district, d.unitId); // the directory's unit of the suggestion, if one
            }
        }
        document.dispatchEvent(new CustomEvent('hotline:draft', {detail: d}));
        $('street-candidates').replaceChildren(...(d.streetCandidates || []).map(s => el('option', {value: s})));
    }

    // a confidence only beside what the live draft filled and the agent has not typed (no 0 % noise)
    const CONF_FIELD = {name: 'callerName', phone: 'phone', district: 'district', street: 'street',
        community: 'community', category: 'category', urgency: 'urgency', summary: 'summary', unit: 'unitIds'};
    function renderConfidences() {
        const form = $('draft');
        document.querySelectorAll('[data-conf]').forEach(c => {
            const field = CONF_FIELD[c.dataset.conf];
            const v = c.dataset.value === undefined || c.dataset.value === '' ? null : Number(c.dataset.value);
            const show = v !== null && !submitted && !edited.has(field) && (c.dataset.conf === 'unit'
                || (filled.has(c.dataset.conf) && form[field] && form[field].value));
            c.textContent = show ? Math.round(v * 100) + '%' : '';
            c.classList.toggle('low', !!show && v < 0.6);
        });
    }

    // validation errors next to each field, in the agent's language (the API names the field first)
    const ERROR_FIELD = {callerName: 'callerName', phone: 'phone', district: 'district', street: 'street',
        community: 'community', category: 'category', urgency: 'urgency', summary: 'summary', unitIds: 'unitIds'};
    function clearFieldErrors() {
        document.querySelectorAll('#draft .invalid').forEach(l => l.classList.remove('invalid'));
        document.querySelectorAll('#draft .field-error').forEach(x => { x.textContent = ''; });
    }
    function showFieldErrors(message) {
        clearFieldErrors();
        const rest = [];
        String(message || '').split('; ').forEach(part => {
            const field = part.split(':')[0].trim();
            const input = ERROR_FIELD[field] && $('draft')[field];
            if (!input) {
                rest.push(part);
                return;
            }
            const label = input.closest('label');
            label.classList.add('invalid');
            let box = label.querySelector('.field-error');
            if (!box) {
                box = el('small', {class: 'field-error', 'data-field': field});
                label.append(box);
            }
            const k = 'adesk.err.' + field;
            box.textContent = t(k) === k ? part : t(k);
        });
        return rest.join('; ');
    }


    // request type: the extractor's consultation category proposes 咨询; only a consultation may be answered on the spot
    function showAnswer() {
        $('answer-line').hidden = $('draft').requestType.value !== 'consultation';
    }
    $('draft').requestType.addEventListener('change', showAnswer);
    document.addEventListener('hotline:draft', ev => {
        if (ev.detail.category === 'consultation' && !edited.has('requestType') && !$('draft').requestType.value) {
            $('draft').requestType.value = 'consultation';
            showAnswer();
        }
    });
    $('draft').addEventListener('input', ev => {
        if (ev.target.name) {
            edited.add(ev.target.name);
            const label = ev.target.closest('label');
            if (label && label.classList.contains('invalid')) {
                label.classList.remove('invalid');
                const box = label.querySelector('.field-error');
                if (box) {
                    box.textContent = '';
                }
            }
            renderConfidences();
            scheduleSave();
        }
        if (ev.target.name === 'unitIds') {
            renderUnitNames();
        }
    });

    // the unit field: a picker of the unit directory (js/unitpicker.js) that keeps the picked ids in unitIds
    const unitPicker = UnitPicker.attach($('draft').unitIds, {multiple: true});
    UnitPicker.load().then(() => unitPicker.refresh());
    function renderUnitNames() {
        unitPicker.refresh();
    }

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
        if (formCallId) {
            order.callId = formCallId;
        }
        if (form.requestType && form.requestType.value) {
            order.requestType = form.requestType.value;
            // 直接答复: a consultation answered on the spot is closed at once and goes to no unit
            if (form.requestType.value === 'consultation' && form.answer.value.trim()) {
                order.answer = form.answer.value.trim();
                order.unitIds = [];
            }
        }
        clearFieldErrors();
        try {
            let saved;
            if (submitted) {
                // 修改工单: the submitted order gets a new version with the edit (who/when/what in its history)
                const amend = Object.assign({}, order);
                delete amend.requestId;
                saved = await api('POST', '/api/orders/' + encodeURIComponent(submitted.number) + '/amend', amend);
                submitted = {number: saved.number, version: saved.version, amended: true};
            } else {
                saved = await api('POST', '/api/orders', order);
                submitted = {number: saved.number, version: saved.version};
            }
            // the form is the agent's from now on: every field counts as typed, no live draft rewrites it
            edited = new Set(Object.values(FIELD_OF).concat(['unitIds']));
            $('draft-ok').dataset.order = saved.number;
            renderSubmitted();
            renderConfidences();
            renderWrapWarning();
            saveNow().catch(() => {});
            callerOrders(formCaller || order.phone, true);
            refreshUnsubmitted();
            document.dispatchEvent(new CustomEvent('hotline:order', {detail: saved}));
        } catch (e) {
            if (e.code === 'INVALID_ARGUMENT' && submitted && /changes nothing/.test(e.error || '')) {
                $('draft-error').textContent = t('adesk.amendNothing');
            } else if (e.code === 'WRONG_STATE' && submitted) {
                $('draft-error').textContent = t('adesk.amendClosed');
            } else {
                const rest = showFieldErrors(e.error);
                $('draft-error').textContent = e.code === 'BAD_REQUEST' ? (rest ? t('adesk.err.other') + rest
                    : t('adesk.err.fields')) : e.error || String(e);
            }
        }
    };
    function renderSubmitted() {
        const number = $('draft-ok').dataset.order;
        $('draft-ok').textContent = !number ? '' : submitted && submitted.amended
            ? t('adesk.amended') + number + ' · ' + t('adesk.version') + ' ' + submitted.version
            : t('agent.submitted') + number + (submitted ? ' · ' + t('adesk.canAmend') : '');
        $('submit-order').textContent = submitted ? t('adesk.amend') : t('agent.submit');
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
            } else if (m.type === 'draft' && call && m.callId === call.callId && m.callId === formCallId
                    && (m.seq == null || m.seq > draftSeq)) {
                draftSeq = m.seq == null ? draftSeq : m.seq;
                fillDraft(m);
                $('draft-live').hidden = !!submitted; // after submit the live draft no longer fills the form
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
    $('hangup').onclick = async () => {
        $('hangup-error').textContent = '';
        try {
            agent = await api('POST', '/api/agents/' + encodeURIComponent(me) + '/hangup');
            renderAgent();
        } catch (e) {
            $('hangup-error').textContent = e.error || String(e);
        }
    };
    // a new call pops while the form holds an unsubmitted one: the list keeps it (nothing wiped)
    document.addEventListener('hotline:lang', () => {
        renderCategories();
        renderAgent();
        renderTranscript(null);
        renderSubmitted();
        renderDraftFor();
        renderUnsubmitted();
        if (call) {
            renderIvr(call.fields);
        }
    });
    refreshUnsubmitted();
    renderAgent();
    connect();
})();
