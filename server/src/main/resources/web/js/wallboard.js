// Supervisor wallboard: per queue waiting, longest wait, service level, answered, abandoned; every agent's state
// and time in state; alerts. Live by polling GET /api/figures, /api/queue and /api/agents every 2 s.
'use strict';
(async () => {
    const {t, api, el} = Hotline;
    const $ = id => document.getElementById(id);
    const POLL_MS = 2000;
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
    let last = null;

    function stateText(s, reason) {
        const r = reason && t('reason.' + reason) !== 'reason.' + reason ? t('reason.' + reason) : reason;
        return t('state.' + s) + (s === 'NOT_READY' && r ? ' · ' + r : '');
    }

    function render() {
        if (!last) {
            return;
        }
        const {figures, queue, agents} = last;
        const alerts = [];
        $('queues').replaceChildren(...figures.queues.map(q => {
            const target = targets[q.queue];
            const slBad = target && (q.answered + q.abandoned) > 0 && q.serviceLevel < target.serviceLevelPercent;
            const waitBad = target && q.waiting > 0 && q.longestWaitSeconds > target.serviceLevelTargetSeconds;
            if (slBad) {
                alerts.push({key: 'sl-' + q.queue, text: q.queue + ': ' + t('wall.alert.sl') + ' ('
                    + Math.round(q.serviceLevel)
                    + '% < ' + target.serviceLevelPercent + '%)'});
            }
            if (waitBad) {
                alerts.push({key: 'wait-' + q.queue, text: q.queue + ': ' + t('wall.alert.wait') + ' ('
                    + Hotline.duration(q.longestWaitSeconds) + ' > '
                    + Hotline.duration(target.serviceLevelTargetSeconds) + ')'});
            }
            return el('div', {class: 'tile' + (slBad || waitBad ? ' alarm' : ''), 'data-queue': q.queue},
                el('h3', {}, q.queue, el('span', {class: 'small'}, t('wall.staffed') + ' ' + q.staffed)),
                el('div', {class: 'big'},
                    el('div', {}, el('b', {class: q.waiting > 0 ? 'bad' : '', 'data-k': 'waiting'}, q.waiting),
                        el('small', {}, t('wall.waiting'))),
                    el('div', {}, el('b', {class: waitBad ? 'bad' : '', 'data-k': 'longest'},
                        Hotline.duration(q.longestWaitSeconds)), el('small', {}, t('wall.longest'))),
                    el('div', {}, el('b', {class: slBad ? 'bad' : 'good', 'data-k': 'sl'},
                        Math.round(q.serviceLevel) + '%'),
                        el('small', {}, t('wall.sl') + (target ? ' (' + t('wall.target') + ' '
                            + target.serviceLevelPercent + '% / '
                            + target.serviceLevelTargetSeconds + 's)' : '')))),
                el('div', {class: 'small'},
                    el('span', {}, t('wall.answered') + ' ', el('b', {'data-k': 'answered'}, q.answered)),
                    el('span', {}, t('wall.abandoned') + ' ', el('b', {'data-k': 'abandoned'}, q.abandoned))));
        }));
        const reasons = {};
        agents.forEach(a => { reasons[a.agentId] = a.reason; });
        const rows = figures.agents.slice().sort((a, b) => a.agentId.localeCompare(b.agentId));
        $('agents').replaceChildren(...(rows.length ? rows.map(a => el('tr', {'data-agent': a.agentId},
            el('td', {}, a.agentId), el('td', {}, a.seat),
            el('td', {'data-k': 'state', 'data-state': a.state}, el('span', {class: 'dot ' + a.state}),
                stateText(a.state, reasons[a.agentId])),
            el('td', {}, Hotline.duration(a.secondsInState)), el('td', {}, a.callsToday),
            el('td', {}, a.registered ? '●' : '○'))) : [el('tr', {}, el('td', {colspan: 6, class: 'muted'},
                t('wall.noAgents')))]));
        const counts = {};
        rows.forEach(a => { counts[a.state] = (counts[a.state] || 0) + 1; });
        $('agent-summary').replaceChildren(...Object.keys(counts).sort().map(s => el('span',
            {style: 'margin-left:12px'},
            el('span', {class: 'dot ' + s}), t('state.' + s) + ' ' + counts[s])));
        $('waiting').replaceChildren(...queue.calls.map(c => el('tr', {},
            el('td', {}, '#' + c.position), el('td', {}, c.queue), el('td', {}, c.priority),
            el('td', {}, Hotline.duration((Date.now() - Date.parse(c.arrivedAt)) / 1000)))));
        $('alerts').replaceChildren(...(alerts.length ? alerts.map(a => el('li', {'data-alert': a.key}, a.text))
            : [el('li', {class: 'muted', style: 'background:none;border:none'}, t('wall.noAlerts'))]));
    }

    async function poll() {
        try {
            const [figures, queue, agents] = await Promise.all([api('GET', '/api/figures'), api('GET', '/api/queue'),
                api('GET', '/api/agents')]);
            last = {figures, queue, agents};
            $('updated').textContent = Hotline.time(new Date().toISOString());
            $('conn').className = 'conn on';
            $('conn').textContent = 'OK';
            render();
        } catch (e) {
            $('conn').className = 'conn off';
            $('conn').textContent = e.error || t('error.network');
            if (e.status === 401) {
                location.href = '/?next=/wallboard.html';
                return;
            }
        }
        setTimeout(poll, POLL_MS);
    }
    document.addEventListener('hotline:lang', render);
    poll();
})();
