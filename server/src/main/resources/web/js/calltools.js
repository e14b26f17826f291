// The agent desktop's call tools and callback tasks, built here so that every page with a desktop pane (agent.html,
// leader.html) gets the same markup: include this script after agent.js and give the page an element
// #call-tools (inside the screen pop) and, for the callback tasks, #my-callbacks (a card; both are in the shared
// pane web/parts/desk-pane.html; the leader console has its own call-back list and hides the card).
// Call tools: hold / resume (POST /api/agents/<me>/hold|resume) and transfer to a queue or a ready colleague
// (POST /api/agents/<me>/transfer {"queue"} | {"agentId"}); they follow the agent state frames agent.js re-emits
// as the 'hotline:agent' event. Callback tasks (回访): GET /api/agents/<me>/callbacks, claim, call now (the seat
// rings, then the citizen) and record the result: nothing pre-ticked, the agent chooses whether the citizen was reached
// (联系不上 / 拒访 / 号码错误 count nothing), 解决情况, 满意度 and a note (unresolved or 不满意: the order goes back to its
// units as 重办). The task card shows each unit's reply and deadline; the number opens the order. While a callback call
// is connected (its call id is the task id the call answered) the screen pop says 回访 and shows the order; hold and
// transfer are disabled on it, with the reason.
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
    const toolsNote = el('div', {id: 'call-tools-note', class: 'muted'});
    if (tools) {
        tools.replaceChildren(el('div', {class: 'row'}, holdBtn, heldBadge),
            el('div', {class: 'row transfer-row'}, target, transferBtn), toolsNote, toolsError, toolsOk);
    }
    // an outbound call (a callback the seat placed: the engine's task id "out-N") has no seat leg to hold or transfer
    function isOutbound(callId) {
        return typeof callId === 'string' && callId.startsWith('out-');
    }
    // the server answers 409 INVALID_STATE when a call cannot be held or transferred: say why in the screen's language
    function toolsProblem(e) {
        return e && e.status === 409 && e.code === 'INVALID_STATE' ? t('cb.noHold') : (e.error || String(e));
    }

    function renderTools() {
        if (!tools) {
            return;
        }
        const onCall = agent.state === 'ON_CALL';
        const outbound = onCall && isOutbound(agent.callId);
        holdBtn.textContent = agent.held ? t('call.resume') : t('call.hold');
        holdBtn.className = agent.held ? 'go' : 'warn';
        holdBtn.disabled = !onCall || outbound;
        heldBadge.hidden = !agent.held;
        heldBadge.textContent = t('call.held') + ' · ' + t('call.heldHint');
        target.disabled = !onCall || outbound;
        transferBtn.textContent = t('call.transfer');
        transferBtn.disabled = !onCall || outbound || !target.value;
        holdBtn.title = outbound ? t('cb.noHold') : '';
        transferBtn.title = outbound ? t('cb.noHold') : '';
        toolsNote.textContent = outbound ? t('cb.noHold') : '';
        renderCallbackPop();
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
            toolsError.textContent = toolsProblem(e);
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
            toolsError.textContent = toolsProblem(e);
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

    // what the agent chose in each task's result form, kept across re-renders (nothing is ever pre-chosen)
    const chosen = {};

    function radios(number, name, values, labelKey) {
        const pick = chosen[number] || (chosen[number] = {});
        return el('fieldset', {class: 'cb-choice', 'data-field': name},
            el('legend', {}, t('cb.' + name)),
            ...values.map(v => {
                const input = el('input', {type: 'radio', name: 'cb-' + name + '-' + number, value: v});
                input.checked = pick[name] === v;
                input.onchange = () => {
                    pick[name] = v;
                    updateForm(number);
                };
                return el('label', {class: 'check'}, input, t(labelKey + v));
            }));
    }

    // a deadline or a reply days away: the date with the time
    function when(iso) {
        return iso ? new Date(iso).toLocaleString(Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB',
            {hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit'}) : '';
    }

    // the units' replies (to read out to the citizen) and deadlines
    function unitReplies(task) {
        return el('ul', {class: 'cb-replies'}, ...(task.parts || []).map(p => el('li', {'data-unit': p.unitId},
            el('b', {}, Hotline.unitName(p.unitId)), ' · ', t('cb.reply') + '：',
            el('span', {class: 'cb-reply'}, p.reply || t('cb.noReply')),
            el('div', {class: 'muted'}, t('cb.due') + ' ' + when(p.dueAt)
                + (p.repliedAt ? ' · ' + t('cb.repliedAt') + ' ' + when(p.repliedAt) : '')))));
    }

    // the order itself, opened from its number: request, address, units and replies, history
    async function openOrder(task, box) {
        if (box.dataset.loaded) {
            return;
        }
        try {
            const o = await api('GET', '/api/orders/' + encodeURIComponent(task.number));
            box.dataset.loaded = '1';
            const a = [o.district, o.street, o.community].filter(Boolean).join(' ');
            box.replaceChildren(el('div', {}, el('b', {}, t('cb.request') + '：'), o.summary || ''),
                el('div', {class: 'muted'}, [o.callerName, a, Hotline.categoryName(o.category),
                    t('cb.submitted') + ' ' + Hotline.time(o.createdAt), o.urgency].filter(Boolean).join(' · ')),
                el('ul', {class: 'cb-history muted'}, ...(o.history || []).map(h => el('li', {},
                    Hotline.time(h.at) + ' ' + t('event.' + h.type) + (h.unitId ? ' · ' + Hotline.unitName(h.unitId)
                        : '') + (h.type === 'REPLIED' || h.type === 'RETURNED' || h.type === 'REOPENED'
                        ? ' · ' + h.detail : '')))));
        } catch (e) {
            box.textContent = e.error || String(e);
        }
    }

    function taskItem(task) {
        const mine = task.claimedBy === me;
        const pick = chosen[task.number] || (chosen[task.number] = {});
        const actions = [];
        if (!mine) {
            actions.push(el('button', {type: 'button', 'data-act': 'claim'}, t('cb.claim')));
        }
        const callBtn = el('button', {type: 'button', class: 'go', 'data-act': 'call'}, t('cb.call'));
        callBtn.disabled = !canCall();
        actions.push(callBtn);
        const orderBox = el('div', {class: 'cb-order'});
        const number = el('details', {class: 'cb-number'}, el('summary', {}, el('b', {}, task.number)), orderBox);
        number.ontoggle = () => number.open && openOrder(task, orderBox);
        const li = el('li', {'data-order': task.number, class: mine ? 'mine' : ''},
            el('div', {class: 'task-head'}, number, ' ',
                el('span', {class: 'ostatus ' + (mine ? 'IN_PROGRESS' : '')}, mine ? t('cb.mine') : t('cb.open')),
                el('span', {class: 'task-phone'}, task.phone || '')),
            el('div', {}, Hotline.categoryName(task.category), ' · ',
                (task.summary || '').length > 40 ? task.summary.slice(0, 40) + '…' : task.summary || ''),
            unitReplies(task),
            el('div', {class: 'muted'}, (task.closedAt ? t('cb.closedAt') + ' ' + Hotline.time(task.closedAt) : '')
                + (task.attempts ? ' · ' + t('cb.attempts') + ' ' + task.attempts : '')),
            el('div', {class: 'row'}, ...actions));
        if (mine) {
            const note = el('textarea', {class: 'cb-note', rows: '2', maxlength: '500',
                placeholder: t('cb.notePlaceholder')});
            note.value = pick.note || '';
            note.oninput = () => {
                pick.note = note.value;
            };
            const recordBtn = el('button', {type: 'button', class: 'primary', 'data-act': 'result'}, t('cb.record'));
            li.append(el('div', {class: 'task-result'},
                radios(task.number, 'contact', ['reached', 'noAnswer', 'refused', 'wrongNumber'], 'cb.contact.'),
                el('div', {class: 'cb-reached'},
                    radios(task.number, 'resolution', ['resolved', 'unresolved'], 'cb.resolution.'),
                    radios(task.number, 'satisfaction', ['satisfied', 'basic', 'unsatisfied'], 'cb.satisfaction.')),
                el('label', {}, el('span', {}, t('cb.note')), note),
                el('div', {class: 'cb-hint muted'}), recordBtn));
        }
        li.querySelectorAll('button[data-act]').forEach(b => {
            b.onclick = () => act(task, b.dataset.act, b.dataset.act === 'result' ? resultOf(task.number) : undefined);
        });
        setTimeout(() => updateForm(task.number));
        return li;
    }

    // the body of the result, or null while the agent has not chosen enough
    function resultOf(number) {
        const pick = chosen[number] || {};
        if (!pick.contact) {
            return null;
        }
        const note = (pick.note || '').trim();
        if (pick.contact !== 'reached') {
            return {contact: pick.contact, note};
        }
        return pick.resolution && pick.satisfaction
            ? {contact: 'reached', resolution: pick.resolution, satisfaction: pick.satisfaction, note} : null;
    }

    function updateForm(number) {
        const li = list.querySelector('li[data-order="' + number + '"]');
        if (!li) {
            return;
        }
        const pick = chosen[number] || {};
        const reached = li.querySelector('.cb-reached');
        if (reached) {
            reached.hidden = pick.contact !== 'reached';
        }
        const r = resultOf(number);
        const btn = li.querySelector('button[data-act=result]');
        if (btn) {
            btn.disabled = !r;
        }
        const hint = li.querySelector('.cb-hint');
        if (hint) {
            hint.textContent = !pick.contact ? t('cb.chooseContact')
                : !r ? t('cb.chooseAnswers')
                : r.contact === 'noAnswer' ? t('cb.hint.noAnswer')
                : r.contact !== 'reached' ? t('cb.hint.unreached')
                : r.resolution === 'unresolved' || r.satisfaction === 'unsatisfied' ? t('cb.hint.reopen')
                : t('cb.hint.counted');
            hint.classList.toggle('warn-text', !!r && (r.resolution === 'unresolved'
                || r.satisfaction === 'unsatisfied'));
        }
    }

    // ---- the callback call's screen pop ----
    // the order each callback call is about, by its task id (kept for a reload of the desktop during the call)
    const calling = JSON.parse(sessionStorage.getItem('hotline.cb.calling') || '{}');
    let popShown = null;
    function renderCallbackPop() {
        const pop = document.getElementById('pop');
        if (!pop) {
            return;
        }
        let box = document.getElementById('callback-pop');
        const number = agent.state === 'ON_CALL' && calling[agent.callId];
        const task = number && (tasks.find(x => x.number === number) || calling['task:' + number]);
        const key = JSON.stringify([number, task, Hotline.lang()]);
        if (key === popShown) {
            return;
        }
        popShown = key;
        if (!number) {
            if (box) {
                box.remove();
            }
            pop.classList.remove('callback-call');
            return;
        }
        if (!box) {
            box = el('div', {id: 'callback-pop', class: 'callback-pop'});
            const anchor = document.getElementById('call');
            pop.insertBefore(box, anchor || null);
        }
        pop.classList.add('callback-call');
        box.replaceChildren(el('div', {class: 'cb-banner'}, t('cb.popTitle') + ' · ' + number),
            ...(task ? [el('div', {}, el('b', {}, t('cb.request') + '：'), task.summary || ''),
                el('div', {class: 'muted'}, Hotline.categoryName(task.category)
                    + (task.callerName ? ' · ' + task.callerName : '') + (task.phone ? ' · ' + task.phone : '')),
                el('div', {class: 'small-h'}, t('cb.readOut')), unitReplies(task)] : []));
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
            renderCallbackPop();
        }
    }

    async function act(task, what, result) {
        tasksError.textContent = '';
        tasksOk.textContent = '';
        if (what === 'result' && !result) {
            tasksError.textContent = t('cb.chooseContact');
            return;
        }
        const path = base + '/callbacks/' + encodeURIComponent(task.number) + '/' + what;
        try {
            const r = await api('POST', path, what === 'result' ? result : undefined);
            if (what === 'call') {
                tasksOk.textContent = t('cb.calling') + ' ' + task.number;
                if (r && r.taskId) {
                    calling[r.taskId] = task.number;
                    calling['task:' + task.number] = task;
                    sessionStorage.setItem('hotline.cb.calling', JSON.stringify(calling));
                    renderCallbackPop();
                }
            } else if (what === 'result') {
                delete chosen[task.number];
                tasksOk.textContent = t('cb.recorded') + task.number + ' · ' + (result.contact === 'noAnswer'
                    ? t('cb.done.noAnswer') : result.contact !== 'reached' ? t('cb.contact.' + result.contact)
                    : t('cb.resolution.' + result.resolution) + ' · ' + t('cb.satisfaction.' + result.satisfaction)
                        + (r && r.status === 'IN_PROGRESS' ? ' · ' + t('cb.done.reopened') : ''));
            }
        } catch (e) {
            tasksError.textContent = e.error || String(e);
        }
        await loadTasks();
    }

    document.addEventListener('hotline:agent', () => {
        list.querySelectorAll('button[data-act=call]').forEach(b => { b.disabled = !canCall(); });
        renderCallbackPop();
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
        await Hotline.loadUnits();
        await loadTasks();
        setInterval(() => loadTasks(), 15000);
    }
})();
