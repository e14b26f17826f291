// Dispatch desk: the orders units returned (GET /api/desk/orders, live over /ws/desk with the overdue escalations),
// each with the unit's reason; re-dispatch a returned part to another unit and add joint units through the orders
// API; the unit directory (GET /api/units) so that units are picked (js/unitpicker.js: an ambiguous name asks which
// one) and shown by name with their district.
'use strict';
(async () => {
    const {t, api, el} = Hotline;
    const $ = id => document.getElementById(id);
    Hotline.wireLangSwitch();
    await Hotline.loadTexts();
    const session = await Hotline.requireSession('dispatcher');
    if (!session) {
        return;
    }
    Hotline.header(session);
    const units = await UnitPicker.load();
    const unitLabel = UnitPicker.label; // 八里庄街道（海淀区）
    const desk = new Map();   // number -> order at the desk
    const feed = [];          // {number, type, at}, newest first
    let selected = null;
    let selectedOrder = null;

    function when(iso) {
        if (!iso) {
            return '';
        }
        const d = new Date(iso);
        const today = new Date().toDateString() === d.toDateString();
        return (today ? '' : d.toLocaleDateString(Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB') + ' ')
            + Hotline.time(iso).slice(0, 5);
    }

    // the returned parts of an order: the unit, its reason (the part's note) and when
    function returned(o) {
        return o.parts.filter(p => p.state === 'RETURNED');
    }

    function place(o) {
        return [o.district, o.street, o.community].filter(Boolean).join(' ');
    }

    // re-dispatch to one unit, joint dispatch to several: pickers of the unit directory
    const toPicker = UnitPicker.attach($('to-unit'), {onChange: () => { confirmBack = null; }});
    const jointPicker = UnitPicker.attach($('joint-units'), {multiple: true});
    let confirmBack = null; // the order number whose re-dispatch back to the returning unit was confirmed

    function renderDesk() {
        const list = [...desk.values()].filter(o => o.status === 'AT_DESK');
        $('desk-count').textContent = list.length ? String(list.length) : '';
        $('desk-orders').replaceChildren(...(list.length ? list.map(o => {
            const r = returned(o)[0] || {};
            const ev = [...o.history].reverse().find(h => h.type === 'RETURNED' && h.unitId === r.unitId);
            return el('tr', {'data-order': o.number, class: o.number === selected ? 'selected' : ''},
                el('td', {}, el('b', {}, o.number),
                    el('span', {class: 'tier t' + o.urgency}, t('urgency.' + o.urgency))),
                el('td', {'data-k': 'unit'}, unitLabel(r.unitId)),
                el('td', {class: 'reason', 'data-k': 'reason'}, r.note || ''),
                el('td', {}, when(ev ? ev.at : r.respondedAt)),
                el('td', {}, Hotline.categoryName(o.category)),
                el('td', {}, place(o)));
        }) : [el('tr', {}, el('td', {colspan: 6, class: 'muted'}, t('desk.empty')))]));
        $('desk-orders').querySelectorAll('tr[data-order]').forEach(tr => {
            tr.onclick = () => select(tr.dataset.order);
        });
    }

    function renderFeed() {
        $('desk-feed').replaceChildren(...(feed.length ? feed.map(f => el('li', {'data-order': f.number,
            class: 'new'}, el('b', {}, t('desk.event.' + f.type)), ' ', f.number, ' · ',
            f.unit ? unitLabel(f.unit) : '',
            el('div', {class: 'small'}, when(f.at) + (f.reason ? ' · ' + f.reason : ''))))
            : [el('li', {class: 'muted', style: 'background:none;border:none;cursor:default'}, t('desk.noLive'))]));
        $('desk-feed').querySelectorAll('li[data-order]').forEach(li => {
            li.onclick = () => select(li.dataset.order);
        });
    }

    function renderDetail() {
        const o = selectedOrder;
        $('no-detail').hidden = !!o;
        $('detail').hidden = !o;
        $('detail-number').textContent = o ? o.number : '';
        if (!o) {
            return;
        }
        $('d-caller').textContent = (o.callerName || '—') + ' · ' + o.phone;
        $('d-place').textContent = place(o) || '—';
        $('d-category').textContent = Hotline.categoryName(o.category) + ' · ' + t('urgency.' + o.urgency);
        $('d-summary').textContent = o.summary;
        $('d-units').replaceChildren(...o.parts.map(p => el('span', {class: 'unit-chip'
            + (p.state === 'REASSIGNED' ? ' gone' : ''), 'data-unit': p.unitId, 'data-state': p.state,
            'data-lead': p.lead ? 'true' : 'false'},
            p.state === 'REASSIGNED' ? '' : el('b', {class: 'role'}, UnitPicker.role(p.lead) + ' '),
            unitLabel(p.unitId) + ' · ' + t('part.' + p.state))));
        const r = returned(o);
        $('d-reason').textContent = r.map(p => unitLabel(p.unitId) + '：' + p.note).join('；') || '—';
        $('redispatch').disabled = r.length === 0;
        $('add-joint').disabled = o.status === 'CLOSED';
        $('d-history').replaceChildren(...o.history.map(h => el('li', {}, when(h.at) + ' ' + t('event.' + h.type)
            + (h.unitId ? ' · ' + unitLabel(h.unitId) : '')
            + (h.detail ? ' · ' + detail(h) : ''))));
    }

    function detail(h) {
        if (h.type === 'REASSIGNED') {
            return '→ ' + unitLabel(h.detail);
        }
        if (h.type === 'SUBMITTED' || h.type === 'LINKED') {
            return t('event.linked') + ' ' + h.detail; // the earlier orders it repeats
        }
        const k = 'event.detail.' + h.detail;
        return t(k) === k ? h.detail : t(k);
    }

    async function select(number) {
        selected = number;
        $('desk-error').textContent = '';
        $('desk-ok').textContent = '';
        selectedOrder = desk.get(number) || null;
        renderDesk();
        renderDetail();
        try {
            selectedOrder = await api('GET', '/api/orders/' + encodeURIComponent(number));
            renderDetail();
        } catch (e) {
            $('desk-error').textContent = e.error || String(e);
        }
    }

    function updated(o) {
        if (o.status === 'AT_DESK') {
            desk.set(o.number, o);
        } else {
            desk.delete(o.number);
        }
        if (selected === o.number) {
            selectedOrder = o;
        }
        renderDesk();
        renderDetail();
    }

    // the joint units picked; false while a typed name still needs a choice or is unknown
    async function jointIds() {
        return await jointPicker.commit() ? jointPicker.ids() : null;
    }

    // joint units assist (协办); with 设为主办 ticked the first of them leads (主办) instead of the current lead
    async function addJoint(o, ids) {
        const lead = $('joint-lead').checked;
        for (const [i, id] of ids.entries()) {
            o = await api('POST', '/api/orders/' + encodeURIComponent(o.number) + '/units',
                {unitId: id, lead: lead && i === 0});
        }
        $('joint-lead').checked = false;
        return o;
    }

    $('redispatch').onclick = async () => {
        const o = selectedOrder;
        $('desk-error').textContent = '';
        $('desk-ok').textContent = '';
        if (!await toPicker.commit()) {
            return; // the picker asks which one, or says the name is unknown
        }
        const to = toPicker.ids()[0];
        const joint = await jointIds();
        if (!to || !joint) {
            $('desk-error').textContent = !to ? t('unitpicker.pickOne') : '';
            return;
        }
        const from = returned(o)[0];
        if (to === from.unitId && confirmBack !== o.number) {
            // the unit that just returned it: say so, and re-dispatch only on a second, deliberate click
            $('desk-error').replaceChildren(t('unitpicker.backToReturner').replace('{unit}', unitLabel(to)) + ' ',
                el('button', {type: 'button', id: 'confirm-back'}, t('unitpicker.confirmBack')));
            $('confirm-back').onclick = () => {
                confirmBack = o.number;
                $('redispatch').click();
            };
            return;
        }
        try {
            let after = await api('POST', '/api/orders/' + encodeURIComponent(o.number) + '/units/'
                + encodeURIComponent(from.unitId) + '/redispatch', {toUnit: to});
            after = await addJoint(after, joint);
            $('desk-ok').textContent = t('desk.done') + ' ' + [to, ...joint].map(unitLabel).join('、');
            confirmBack = null;
            toPicker.clear();
            jointPicker.clear();
            updated(after);
        } catch (e) {
            $('desk-error').textContent = e.error || String(e);
        }
    };

    $('add-joint').onclick = async () => {
        $('desk-error').textContent = '';
        $('desk-ok').textContent = '';
        const joint = await jointIds();
        if (!joint) {
            return; // the picker asks which one, or says the name is unknown
        }
        if (!joint.length) {
            $('desk-error').textContent = t('unitpicker.pickOne');
            return;
        }
        try {
            const after = await addJoint(selectedOrder, joint);
            $('desk-ok').textContent = t('desk.jointDone') + ' ' + joint.map(unitLabel).join('、');
            jointPicker.clear();
            updated(after);
        } catch (e) {
            $('desk-error').textContent = e.error || String(e);
        }
    };

    // ---- the unit directory ----
    function renderDirectory() {
        const f = $('dir-filter').value.trim();
        const all = [...units.values()].filter(u => !f || u.name.includes(f) || u.id.includes(f)
            || (u.district || '').includes(f) || (u.aliases || []).some(a => a.includes(f)));
        $('dir-count').textContent = String(all.length);
        $('directory').replaceChildren(...all.slice(0, 200).map(u => el('tr', {'data-unit': u.id},
            el('td', {}, el('b', {}, u.name)), el('td', {}, u.district || t('desk.department')),
            el('td', {class: 'muted'}, u.id))));
    }
    $('dir-filter').oninput = renderDirectory;

    async function loadDesk() {
        try {
            const list = (await api('GET', '/api/desk/orders?limit=200')).orders;
            desk.clear();
            list.forEach(o => desk.set(o.number, o));
            renderDesk();
        } catch (e) {
            $('desk-error').textContent = e.error || String(e);
        }
    }

    // ---- the live desk feed ----
    let backoff = 500;
    function connect() {
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/desk');
        ws.onopen = () => {
            backoff = 500;
            $('conn').className = 'conn on';
            $('conn').textContent = t('unit.live');
            loadDesk(); // what happened while the socket was down
        };
        ws.onmessage = ev => {
            const f = JSON.parse(ev.data);
            if (!f.order || !f.order.number) {
                return;
            }
            const o = f.order;
            const last = [...o.history].reverse().find(h => h.type === (f.type === 'returned' ? 'RETURNED'
                : 'ESCALATED'));
            feed.unshift({number: o.number, type: f.type, at: last ? last.at : new Date().toISOString(),
                unit: last ? last.unitId : '', reason: f.type === 'returned' && last ? last.detail : ''});
            feed.length = Math.min(feed.length, 30);
            renderFeed();
            if (f.type === 'returned') {
                updated(o);
            }
        };
        ws.onclose = () => {
            $('conn').className = 'conn off';
            $('conn').textContent = t('unit.offline');
            setTimeout(connect, backoff);
            backoff = Math.min(backoff * 2, 10000);
        };
    }
    document.addEventListener('hotline:lang', () => {
        renderDesk();
        renderFeed();
        renderDetail();
        renderDirectory();
    });
    renderFeed();
    renderDirectory();
    await loadDesk();
    connect();
    setInterval(loadDesk, 30000);
})();
