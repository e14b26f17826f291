// The agent desktop's call tools and callback tasks, built here so that every page with a desktop pane (agent.html,
// leader.html) gets the same markup: include this script after agent.js and give the page an element
// #call-tools (inside the screen pop) and, for the callback tasks, #my-callbacks (a card; both are in the shared
// pane web/parts/desk-pane.html; the leader console has its own call-back list and hides the card).
// Call tools: hold / resume (POST /api/agents/<me>/hold|resume) and transfer to a queue or a ready colleague
// (POST /api/agents/<me>/transfer {"queue"} | {"agentId"}); they follow the agent state frames agent.js re-emits
// as the 'hotline:agent' event. Callback tasks (回访): GET /api/agents/<me>/callbacks, claim, call now (the seat
// rings, then the citizen) and record the result.
'use strict';
(async () => {
    const {t, api, el} = Hotline;
    const $ = id => document.getElementById(id);
    const tools = $('call-tools');
    // the leader console has its own call-back list: the shared pane's tasks card stays hidden there
    const tasksCard = document.querySelector('main:not(.leader-grid) #my-callbacks');
    await Hotline.loadTexts();
    const session = await api('GET', '/api/session').catch(() => null);
    const me = session && session.user;
    if (!me) {
        return;
    }
    const base = '/api/agents/' + encodeURIComponent(me);
    let agent = {state: 'LOGGED_OUT'};

    // ---- call tools ----
    const heldBadge = el('span', {class: 'held-badge', id: 'held-badge', hidden: ''});
    const holdBtn = el('button', {id: 'hold', type: 'button'});
    const target = el('select', {id: 'transfer-target'});
    const transferBtn = el('button', {id: 'transfer', type: 'button', class: 'primary'});
    const toolsError = el('div', {id: 'call-tools-error', class: 'error', role: 'alert'});
    const toolsOk = el('div', {id: 'call-tools-ok', class: 'ok'});
    if (tools) {
        tools.replaceChildren(el('div', {class: 'row'}, holdBtn, heldBadge),
            el('div', {class: 'row transfer-row'}, target, transferBtn), toolsError, toolsOk);
    }

    function renderTools() {
        if (!tools) {
            return;
        }
        const onCall = agent.state === 'ON_CALL';
        holdBtn.textContent = agent.held ? t('call.resume') : t('call.hold');
        holdBtn.className = agent.held ? 'go' : 'warn';
        holdBtn.disabled = !onCall;
        heldBadge.hidden = !agent.held;
        heldBadge.textContent = t('call.held') + ' · ' + t('call.heldHint');
        target.disabled = !onCall;
        transferBtn.textContent = t('call.transfer');
        transferBtn.disabled = !onCall || !target.value;
        const pop = document.getElementById('pop');
        if (pop) {
            pop.classList.toggle('on-hold', !!agent.held);
        }
    }

    // the queues (from the figures) and the colleagues who are ready now, one select with two groups
    async function loadTargets() {
        const keep = target.value;
        const [figures, agents] = await Promise.all([api('GET', '/api/figures'), api('GET', '/api/agents')]);
        const queues = figures.queues.map(q => q.queue).filter(q => q !== 'callbacks');
        const ready = agents.filter(a => a.state === 'READY' && a.registered && a.agentId !== me);
        target.replaceChildren(el('option', {value: ''}, t('call.transferTo') + '…'),
            el('optgroup', {label: t('call.toColleague')}, ...(ready.length ? ready.map(a => el('option',
                {value: 'agent:' + a.agentId}, a.agentId + ' (' + a.seat + ')'))
                : [el('option', {value: '', disabled: ''}, t('call.noColleague'))])),
            el('optgroup', {label: t('call.toQueue')}, ...queues.map(q => el('option', {value: 'queue:' + q},
                Hotline.queueName(q)))));
        if ([...target.options].some(o => o.value === keep)) {
            target.value = keep;
        }
        renderTools();
    }

    holdBtn.onclick = async () => {
        toolsError.textContent = '';
        try {
            agent = await api('POST', base + (agent.held ? '/resume' : '/hold'));
            renderTools();
        } catch (e) {
            toolsError.textContent = e.error || String(e);
        }
    };
    target.onfocus = () => loadTargets().catch(() => {});
    target.onchange = renderTools;
    transferBtn.onclick = async () => {
        toolsError.textContent = '';
        toolsOk.textContent = '';
        const [kind, id] = target.value.split(/:(.*)/s);
        try {
            agent = await api('POST', base + '/transfer', kind === 'agent' ? {agentId: id} : {queue: id});
            toolsOk.textContent = t('call.transferred') + (kind === 'agent' ? id : Hotline.queueName(id));
            renderTools();
        } catch (e) {
            toolsError.textContent = e.error || String(e);
        }
    };

    document.addEventListener('hotline:agent', ev => {
        const was = agent.state;
        agent = ev.detail || agent;
        if (agent.state === 'ON_CALL' && was !== 'ON_CALL') {
            toolsOk.textContent = '';
            loadTargets().catch(() => {});
        }
        renderTools();
    });

    // ---- callback tasks ----
    const list = el('ul', {id: 'callback-tasks', class: 'task-list'});
    const tasksError = el('div', {id: 'callback-tasks-error', class: 'error', role: 'alert'});
    const tasksOk = el('div', {id: 'callback-tasks-ok', class: 'ok'});
    const title = el('span', {});
    const count = el('span', {class: 'muted'});
    if (tasksCard) {
        tasksCard.replaceChildren(el('h2', {}, title, count), list, tasksError, tasksOk);
    }
    let tasks = [];

    function taskItem(task) {
        const mine = task.claimedBy === me;
        const resolved = el('input', {type: 'checkbox', checked: ''});
        const satisfied = el('input', {type: 'checkbox', checked: ''});
        const actions = [];
        if (!mine) {
            actions.push(el('button', {type: 'button', 'data-act': 'claim'}, t('cb.claim')));
        }
        const callBtn = el('button', {type: 'button', class: 'go', 'data-act': 'call'}, t('cb.call'));
        callBtn.disabled = !canCall();
        actions.push(callBtn);
        const recordBtn = el('button', {type: 'button', 'data-act': 'result'}, t('cb.record'));
        const li = el('li', {'data-order': task.number, class: mine ? 'mine' : ''},
            el('div', {class: 'task-head'}, el('b', {}, task.number), ' ',
                el('span', {class: 'ostatus ' + (mine ? 'IN_PROGRESS' : '')}, mine ? t('cb.mine') : t('cb.open')),
                el('span', {class: 'task-phone'}, task.phone || '')),
            el('div', {}, Hotline.categoryName(task.category), ' · ',
                (task.summary || '').length > 40 ? task.summary.slice(0, 40) + '…' : task.summary || ''),
            el('div', {class: 'muted'}, task.closedAt ? t('cb.closedAt') + ' ' + Hotline.time(task.closedAt) : ''),
            el('div', {class: 'row'}, ...actions),
            mine ? el('div', {class: 'row task-result'}, el('label', {class: 'check'}, resolved, t('cb.resolved')),
                el('label', {class: 'check'}, satisfied, t('cb.satisfied')), recordBtn) : '');
        li.querySelectorAll('button').forEach(b => {
            b.onclick = () => act(task, b.dataset.act, {resolved: resolved.checked, satisfied: satisfied.checked});
        });
        return li;
    }

    function renderTasks() {
        if (!tasksCard) {
            return;
        }
        title.textContent = t('cb.title');
        const mine = tasks.filter(x => x.claimedBy === me).length;
        count.textContent = tasks.length ? ' ' + mine + ' / ' + tasks.length : '';
        list.replaceChildren(...(tasks.length ? tasks.map(taskItem) : [el('li', {class: 'muted'}, t('cb.none'))]));
    }

    function canCall() {
        return !!agent.state && !['LOGGED_OUT', 'ON_CALL', 'RESERVED'].includes(agent.state);
    }

    // re-rendered only when the list changed: a re-render would drop the agent's ticks in the result boxes
    let shown = null;
    async function loadTasks() {
        try {
            tasks = (await api('GET', base + '/callbacks')).tasks;
            tasksError.textContent = '';
        } catch (e) {
            tasksError.textContent = e.error || String(e);
        }
        const now = JSON.stringify(tasks);
        if (now !== shown) {
            shown = now;
            renderTasks();
        }
    }

    async function act(task, what, result) {
        tasksError.textContent = '';
        tasksOk.textContent = '';
        const path = base + '/callbacks/' + encodeURIComponent(task.number) + '/' + what;
        try {
            await api('POST', path, what === 'result' ? result : undefined);
            if (what === 'call') {
                tasksOk.textContent = t('cb.calling') + ' ' + task.number;
            } else if (what === 'result') {
                tasksOk.textContent = t('cb.recorded') + task.number;
            }
        } catch (e) {
            tasksError.textContent = e.error || String(e);
        }
        await loadTasks();
    }

    document.addEventListener('hotline:agent', () => {
        list.querySelectorAll('button[data-act=call]').forEach(b => { b.disabled = !canCall(); });
    });
    document.addEventListener('hotline:lang', () => {
        if (target.options.length > 1) { // the transfer list's groups and queue names in the new language
            loadTargets().catch(() => {});
        } else {
            target.replaceChildren(el('option', {value: ''}, t('call.transferTo') + '…'));
        }
        renderTools();
        renderTasks();
    });
    renderTools();
    if (tasksCard) { // the leader console has its own call-back list
        await loadTasks();
        setInterval(() => loadTasks(), 15000);
    }
})();
