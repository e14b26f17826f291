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
    let targets = {};
    try {
        (await api('GET', '/api/web/queues')).forEach(q => { targets[q.queue] = q; });
    } catch (e) { /* the tiles still show, without targets */ }
    let seats = {first: 1001, count: 0};
    try {
        seats = await api('GET', '/api/seats');
    } catch (e) { /* the floor shows the logged-in agents only */ }
    let figures = null;
    let queue = {calls: []};
    let agents = [];
    let spy = null; // {agentId, mode, status}
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

    function render() {
        if (!figures) {
            return;
        }
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
                            + target.serviceLevelPercent + '% / ' + target.serviceLevelTargetSeconds + 's)' : '')))),
                el('div', {class: 'small'},
                    el('span', {}, t('wall.answered') + ' ', el('b', {'data-k': 'answered'}, q.answered)),
                    el('span', {}, t('wall.abandoned') + ' ', el('b', {'data-k': 'abandoned'}, q.abandoned)),
                    el('span', {}, t('wall.abandonRate') + ' ', el('b', {'data-k': 'abandonRate',
                        class: abandonRate > 5 ? 'bad' : ''}, abandonRate + '%'))));
        }));
        renderFloor(alerts);
        $('waiting').replaceChildren(...(queue.calls.length ? queue.calls.map(c => el('tr', {'data-call': c.callId},
            el('td', {}, '#' + c.position), el('td', {}, queueName(c.queue)),
            el('td', {}, t('priority.' + c.priority)),
            el('td', {}, Hotline.duration((Date.now() - Date.parse(c.arrivedAt)) / 1000))))
            : [el('tr', {}, el('td', {class: 'muted'}, t('leader.noWaiting')))]));
        $('alerts').replaceChildren(...(alerts.length ? alerts.map(a => el('li', {'data-alert': a.key}, a.text))
            : [el('li', {class: 'muted', style: 'background:none;border:none'}, t('wall.noAlerts'))]));
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
        $('floor').replaceChildren(...seatIds.map(seat => {
            const a = bySeat.get(seat);
            if (!a) {
                return el('div', {class: 'seat empty', 'data-seat': seat}, el('div', {class: 'seat-no'}, seat),
                    el('div', {class: 'seat-agent'}, '—'));
            }
            counts[a.state] = (counts[a.state] || 0) + 1;
            const stuck = STUCK[a.state] !== undefined && a.secondsInState > STUCK[a.state];
            if (stuck) {
                alerts.push({key: 'stuck-' + a.agentId, text: a.agentId + ' (' + seat + '): ' + t('wall.alert.stuck')
                    + ' ' + t('state.' + a.state) + ' ' + Hotline.duration(a.secondsInState)});
            }
            const cell = el('div', {class: 'seat s-' + a.state + (stuck ? ' stuck' : '')
                + (a.registered ? '' : ' unregistered'), 'data-seat': seat, 'data-agent': a.agentId},
                el('div', {class: 'seat-no'}, seat, el('span', {class: 'phone', title: t('wall.registered')},
                    a.registered ? '●' : '○')),
                el('div', {class: 'seat-agent'}, a.agentId),
                el('div', {class: 'seat-state', 'data-k': 'state', 'data-state': a.state},
                    stateText(a.state, reasons[a.agentId])),
                el('div', {class: 'seat-time'}, Hotline.duration(a.secondsInState) + ' · ' + t('wall.calls') + ' '
                    + a.callsToday));
            if (a.state === 'ON_CALL') {
                cell.append(el('div', {class: 'spy-buttons'}, ...['listen', 'whisper', 'barge'].map(mode => {
                    const b = el('button', {'data-spy': mode, title: t('wall.spy.' + mode + '.hint')},
                        t('wall.spy.' + mode));
                    b.onclick = () => startSpy(a.agentId, mode);
                    return b;
                })));
            }
            return cell;
        }));
        $('agent-summary').replaceChildren(...Object.keys(counts).sort().map(s => el('span',
            {style: 'margin-left:12px'}, el('span', {class: 'dot ' + s}), t('state.' + s) + ' ' + counts[s])));
        $('spy-status').textContent = spy ? spy.text : t('wall.spy.idle');
        $('spy-status').className = 'spy-status' + (spy && spy.error ? ' bad' : '');
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
        spy = {text: t('wall.spy.' + mode) + ' ' + agentId + ' · ' + t('wall.spy.ringing') + ' ' + seat};
        render();
        try {
            const r = await api('POST', '/api/supervisor/agents/' + encodeURIComponent(agentId) + '/spy',
                {supervisorId: session.user, seat, mode});
            spy = {text: t('wall.spy.' + mode) + ' ' + agentId + ' (' + r.agentSeat + ') · ' + t('wall.spy.ringing')
                + ' ' + seat, ok: true};
        } catch (e) {
            spy = {error: true, text: e.error || String(e)};
        }
        render();
    }

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
            await refreshLists();
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
