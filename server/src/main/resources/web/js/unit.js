// Unit board: the unit's orders (GET /api/units/<unit>/orders) with each part's deadline counting down (red when
// overdue), new orders live over /ws/units/<unit>, accept / reply / return / close through the orders API, the
// overdue list, and the unit's rates and rank (GET /api/units/<unit>/rates: read again after each action, each frame
// of the feed — a callback recorded for one of its orders is one — and every 15 s). A unit handler sees its own unit; a supervisor may open any unit with ?unit=<id>.
'use strict';
(async () => {
    const {t, api, el} = Hotline;
    const $ = id => document.getElementById(id);
    Hotline.wireLangSwitch();
    await Hotline.loadTexts();
    const session = await Hotline.requireSession('unit');
    if (!session) {
        return;
    }
    Hotline.header(session);
    const unit = session.unit || new URLSearchParams(location.search).get('unit');
    if (!unit || !/^[A-Za-z0-9_.-]{1,64}$/.test(unit)) {
        $('unit-name').textContent = t('unit.noUnit');
        return;
    }
    await Hotline.loadUnits();
    $('unit-name').textContent = Hotline.unitName(unit);
    $('unit-name').dataset.unit = unit;
    const orders = new Map(); // number -> order JSON, as the API answers it
    const incoming = [];      // {number, type, at}, newest first
    let selected = null;

    // the unit's current part of an order: the last one for the unit (a re-dispatch leaves a REASSIGNED one before)
    function part(o) {
        const mine = o.parts.filter(p => p.unitId === unit);
        return mine.length ? mine[mine.length - 1] : null;
    }

    // the deadline still runs until the unit replies (a reply stops the clock, docs/dispatch.md)
    function running(p) {
        return p && (p.state === 'DISPATCHED' || p.state === 'ACCEPTED');
    }

    // 重办: the unit's current part was created when a callback found the matter unresolved or the citizen 不满意;
    // the citizen's note (the REOPENED event's detail), or null when the current part is not a 重办
    function reopenNote(o, p) {
        if (!p) {
            return null;
        }
        const r = o.history.filter(h => h.type === 'REOPENED' && h.unitId === unit && h.at === p.dispatchedAt);
        return r.length ? r[r.length - 1].detail : null;
    }

    // a callback result ("contact=reached,resolved=true,satisfied=false,satisfaction=unsatisfied") in words
    function callbackText(d) {
        const f = Object.fromEntries((d || '').split(',').map(x => x.split('=')));
        if (f.contact && f.contact !== 'reached') {
            return t('cb.contact.' + f.contact);
        }
        if (f.satisfaction) {
            return t('cb.resolution.' + (f.resolved === 'true' ? 'resolved' : 'unresolved')) + ' · '
                + t('cb.satisfaction.' + f.satisfaction);
        }
        // recorded before 基本满意 and contacts were kept
        return t('cb.resolution.' + (f.resolved === 'true' ? 'resolved' : 'unresolved')) + ' · '
            + t('cb.satisfaction.' + (f.satisfied === 'true' ? 'satisfied' : 'unsatisfied'));
    }

    // the order's latest callback result as the unit's feed says it
    function lastCallback(o) {
        const r = (o.history || []).filter(h => h.type === 'CALLBACK_RECORDED' && h.unitId === unit);
        return r.length ? callbackText(r[r.length - 1].detail) : '';
    }

    function overdue(p, now) {
        return running(p) && p.dueAt && Date.parse(p.dueAt) <= now;
    }

    function left(p, now) {
        if (!p || !p.dueAt) {
            return '';
        }
        if (!running(p)) {
            return t(p.state === 'RETURNED' || p.state === 'REASSIGNED' ? 'unit.stoppedReturned' : 'unit.stopped');
        }
        const ms = Date.parse(p.dueAt) - now;
        return ms > 0 ? t('unit.left') + ' ' + long(ms / 1000) : t('unit.late') + ' ' + long(-ms / 1000);
    }

    // "2d 3:04:05" for long deadlines (7 and 15 working days), else as Hotline.duration
    function long(seconds) {
        const d = Math.floor(seconds / 86400);
        return d > 0 ? d + t('unit.days') + ' ' + Hotline.duration(seconds - d * 86400) : Hotline.duration(seconds);
    }

    function when(iso) {
        if (!iso) {
            return '';
        }
        return new Date(iso).toLocaleString(Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB',
            {hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit'});
    }

    function category(code) {
        const k = 'category.' + code;
        return t(k) === k ? code : t(k);
    }

    function sorted() {
        // the most urgent first: running parts by deadline, then the rest, newest first
        return [...orders.values()].sort((a, b) => {
            const pa = part(a);
            const pb = part(b);
            const ra = running(pa) ? 0 : 1;
            const rb = running(pb) ? 0 : 1;
            if (ra !== rb) {
                return ra - rb;
            }
            if (ra === 0) {
                return Date.parse(pa.dueAt) - Date.parse(pb.dueAt) || a.number.localeCompare(b.number);
            }
            return b.number.localeCompare(a.number);
        });
    }

    function render() {
        const now = Date.now();
        const list = sorted();
        $('order-count').textContent = list.length ? String(list.length) : '';
        $('orders').replaceChildren(...(list.length ? list.map(o => {
            const p = part(o);
            const late = overdue(p, now);
            // 催办: the citizen urged this unit on the order, with how often
            const urges = (o.history || []).filter(h => h.type === 'URGED' && h.unitId === unit).length;
            return el('tr', {'data-order': o.number, class: (late ? 'overdue' : '')
                    + (o.number === selected ? ' selected' : ''), onclick: null},
                el('td', {}, o.number, el('span', {class: 'tier t' + o.urgency}, t('urgency.' + o.urgency)),
                    urges ? el('span', {class: 'urged', 'data-k': 'urges'}, t('unit.urged') + ' ' + urges) : ''),
                el('td', {}, when(p && p.dispatchedAt)),
                el('td', {}, category(o.category)),
                el('td', {}, [o.street, o.community].filter(x => x).join(' ')),
                el('td', {}, el('span', {class: 'pstate ' + (p ? p.state : ''), 'data-k': 'state',
                    'data-state': p ? p.state : ''}, p ? t('part.' + p.state) : '—'),
                    reopenNote(o, p) !== null ? el('span', {class: 'reopen-badge', 'data-k': 'reopened'},
                        t('cb.reopened')) : ''),
                el('td', {class: 'due', 'data-k': 'due', 'data-overdue': late ? 'true' : 'false'},
                    when(p && p.dueAt), el('span', {class: 'left'}, left(p, now))));
        }) : [el('tr', {}, el('td', {colspan: 6, class: 'muted'}, t('unit.noOrders')))]));
        $('orders').querySelectorAll('tr[data-order]').forEach(tr => {
            tr.onclick = () => select(tr.dataset.order);
        });
        const late = list.filter(o => overdue(part(o), now));
        lateSet = late.map(o => o.number).sort().join(',');
        $('overdue-count').textContent = late.length ? String(late.length) : '';
        $('overdue').replaceChildren(...(late.length ? late.map(o => item(o, left(part(o), now)))
            : [el('li', {class: 'muted', style: 'background:none;border:none;cursor:default'}, t('unit.noOverdue'))]));
        $('incoming').replaceChildren(...(incoming.length ? incoming.map(i => {
            const o = orders.get(i.number);
            const li = item(o || {number: i.number, summary: ''},
                t(i.type === 'reminder' ? 'unit.reminder' : i.type === 'callback' ? 'unit.callback'
                    : i.type === 'amended' ? 'unit.amended'
                    : i.type === 'urged' ? 'unit.urged' : i.type === 'supplemented' ? 'unit.supplemented'
                    : i.type === 'reopened' ? 'cb.reopened' : 'unit.new')
                    + (i.type === 'callback' && i.result ? '：' + i.result : '')
                    + (i.type === 'reopened' && i.note ? '：' + i.note : '')
                    + ' · ' + Hotline.time(i.at));
            li.dataset.type = i.type;
            if (now - Date.parse(i.at) < 1500) {
                li.classList.add('new');
            }
            return li;
        }) : [el('li', {class: 'muted', style: 'background:none;border:none;cursor:default'}, t('unit.noIncoming'))]));
        renderDetail(now);
    }

    // every second: the countdowns in place (rows are not rebuilt, so a click in progress is not lost); a full
    // render only when an order became overdue
    let lateSet = '';
    function tick() {
        const now = Date.now();
        const late = [...orders.values()].filter(o => overdue(part(o), now)).map(o => o.number).sort().join(',');
        if (late !== lateSet) {
            render();
            return;
        }
        $('orders').querySelectorAll('tr[data-order]').forEach(tr => {
            const o = orders.get(tr.dataset.order);
            const span = o && tr.querySelector('td.due .left');
            if (span) {
                span.textContent = left(part(o), now);
            }
        });
        $('overdue').querySelectorAll('li[data-order]').forEach(li => {
            const o = orders.get(li.dataset.order);
            const span = o && li.querySelector('.left');
            if (span) {
                span.textContent = left(part(o), now);
            }
        });
        const o = selected && orders.get(selected);
        const due = $('detail').querySelector('[data-k="unit.deadline"]');
        if (o && due) {
            const p = part(o);
            due.textContent = p ? when(p.dueAt) + ' · ' + left(p, now) : '';
        }
    }

    function item(o, note) {
        const li = el('li', {'data-order': o.number},
            el('div', {}, el('b', {}, o.number), ' ', el('span', {class: 'left'}, note)),
            el('div', {class: 'small'}, (o.summary || '').slice(0, 80)));
        li.onclick = () => select(o.number);
        return li;
    }

    function renderDetail(now) {
        const o = selected && orders.get(selected);
        $('detail-card').hidden = !o;
        if (!o) {
            return;
        }
        const p = part(o);
        $('detail-number').textContent = o.number;
        const rows = [
            ['unit.state', p ? t('part.' + p.state) + ' · ' + t(p.lead ? 'unitpicker.lead' : 'unitpicker.assist')
                : '—'],
            ['unit.deadline', p ? when(p.dueAt) + ' · ' + left(p, now) : ''],
            ['unit.urgency', t('urgency.' + o.urgency)],
            ['unit.category', category(o.category)],
            ['unit.caller', (o.callerName || '') + ' ' + (o.phone || '')],
            ['unit.place', [o.district, o.street, o.community].filter(x => x).join(' ')],
            ['unit.summary', o.summary],
        ];
        if (p && p.note) {
            rows.push(['unit.note', p.note]);
        }
        const again = reopenNote(o, p);
        if (again !== null) {
            rows.unshift(['cb.reopened', again || t('cb.reopenedNoNote')]);
        }
        $('detail').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, t(k)), el('dd', {'data-k': k}, v)]));
        $('detail').querySelector('[data-k="unit.deadline"]').classList.toggle('bad', overdue(p, now));
        const state = p ? p.state : null;
        $('accept').disabled = state !== 'DISPATCHED';
        $('reply').disabled = state !== 'ACCEPTED';
        $('return').disabled = !(state === 'DISPATCHED' || state === 'ACCEPTED');
        $('close').disabled = state !== 'REPLIED';
        $('history').replaceChildren(...o.history.filter(h => !h.unitId || h.unitId === unit).map(h => el('li', {},
            when(h.at) + ' ' + t('event.' + h.type) + (h.detail ? ' · ' + detail(h) : ''))));
    }

    // a re-dispatch names the unit it went to; a response says whether it was on time
    function detail(h) {
        if (h.type === 'REASSIGNED') {
            return '→ ' + Hotline.unitName(h.detail);
        }
        if (h.type === 'AMENDED') { // by=<who>;fields=<a,b>: who changed which fields
            const m = /^by=([^;]*);fields=(.*)$/.exec(h.detail) || [];
            return (m[1] || '') + ' · ' + (m[2] || '').split(',').map(f => t('agent.field.' + f) === 'agent.field.' + f
                ? f : t('agent.field.' + f)).join('、');
        }
        if (h.type === 'SUBMITTED' || h.type === 'LINKED') {
            return t('event.linked') + ' ' + h.detail; // the earlier orders it repeats
        }
        if (h.type === 'CALLBACK_RECORDED') {
            return callbackText(h.detail);
        }
        if (h.type === 'DISPATCHED' && h.detail === 'reopened') {
            return t('cb.reopened');
        }
        if (h.type === 'ESCALATED') {
            return h.detail.replace(/ unresponded$/, ' · ' + t('cb.unresponded'));
        }
        const k = 'event.detail.' + h.detail;
        return t(k) === k ? h.detail : t(k);
    }

    function select(number) {
        if (selected !== number) {
            $('reply-text').value = '';
            $('return-reason').value = '';
            $('action-error').textContent = '';
        }
        selected = number;
        render();
    }

    // the three rates and the place in the ranking
    let ratesJson = null;
    async function loadRates() {
        try {
            ratesJson = await api('GET', '/api/units/' + encodeURIComponent(unit) + '/rates');
            renderRates();
        } catch (e) {
            // kept as it was: the next frame or tick reads again
        }
    }

    function renderRates() {
        const r = ratesJson;
        if (!r) {
            return;
        }
        for (const k of ['response', 'resolution', 'satisfaction']) {
            const box = $('rate-' + k);
            const rate = r[k];
            box.querySelector('.value').textContent = rate.percent === null ? '—' : rate.percent.toFixed(1) + '%';
            // a response rate counts only orders responded to or past their deadline: none yet, no rate
            box.querySelector('.sub').textContent = k === 'response' && !rate.denominator
                ? t('cb.rateNone')
                : rate.numerator + ' / ' + rate.denominator + ' ' + t('unit.rate.' + k + '.of');
            box.dataset.numerator = rate.numerator;
            box.dataset.denominator = rate.denominator;
        }
        $('rate-rank').dataset.rank = r.rank;
        $('rate-rank').textContent = r.rank > 0
            ? t('unit.rank').replace('{rank}', r.rank).replace('{of}', r.rankedUnits) : t('unit.unranked');
        $('rate-score').textContent = t('unit.score') + ' ' + r.score.toFixed(1);
    }

    async function act(action, body) {
        const number = selected;
        $('action-error').textContent = '';
        try {
            const o = await api('POST', '/api/orders/' + number + '/units/' + encodeURIComponent(unit) + '/' + action,
                body);
            orders.set(o.number, o);
            render();
            loadRates();
            return true;
        } catch (e) {
            $('action-error').textContent = e.error || t('error.network');
            return false;
        }
    }

    $('accept').onclick = () => act('accept');
    $('close').onclick = () => act('close');
    $('reply').onclick = async () => {
        const text = $('reply-text').value.trim();
        if (!text) {
            $('action-error').textContent = t('unit.needReply');
            return;
        }
        if (await act('reply', {reply: text})) {
            $('reply-text').value = '';
        }
    };
    $('return').onclick = async () => {
        const reason = $('return-reason').value.trim();
        if (!reason) {
            $('action-error').textContent = t('unit.needReason');
            return;
        }
        if (await act('return', {reason})) {
            $('return-reason').value = '';
        }
    };

    async function reload() {
        try {
            const r = await api('GET', '/api/units/' + encodeURIComponent(unit) + '/orders?limit=200');
            orders.clear();
            r.orders.forEach(o => orders.set(o.number, o));
            render();
        } catch (e) {
            if (e.status === 401) {
                location.href = '/?next=/unit.html';
            }
        }
    }

    // one WebSocket for the unit's new orders and reminders, reconnecting with backoff (0.5 s doubling to 10 s);
    // on each (re)connect the list is read again, so nothing is missed while it was down
    let backoff = 500;
    function connect() {
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
            + '/ws/units/' + encodeURIComponent(unit));
        ws.onopen = () => {
            backoff = 500;
            $('conn').className = 'conn on';
            $('conn').textContent = t('unit.live');
            reload();
            loadRates();
        };
        ws.onmessage = ev => {
            const f = JSON.parse(ev.data);
            if (f.order && f.order.number) {
                loadRates();
                orders.set(f.order.number, f.order);
                if (f.type === 'urged' || f.type === 'supplemented'
                        || !incoming.some(i => i.number === f.order.number && i.type === f.type
                        && i.version === f.order.version)) {
                    incoming.unshift({number: f.order.number, type: f.type, at: new Date().toISOString(),
                        version: f.order.version, result: f.type === 'callback' ? lastCallback(f.order) : '',
                        note: f.type === 'reopened' ? reopenNote(f.order, part(f.order)) : ''});
                    incoming.length = Math.min(incoming.length, 30);
                }
                render();
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
        $('conn').textContent = t($('conn').classList.contains('on') ? 'unit.live' : 'unit.offline');
        render();
        renderRates();
    });
    setInterval(tick, 1000);     // the countdowns
    setInterval(loadRates, 15000); // a callback of a closed order the list no longer shows, another unit's rise
    setInterval(reload, 30000);  // what the desk changed (close, re-dispatch) reaches the list within 30 s
    connect();
})();
