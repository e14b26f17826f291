// Order search (查询工单), shared by the agent desktop and the dispatch desk: find an order by its number, the
// caller's full number or address text (GET /api/search/orders); open it with its parts (units, states, deadlines,
// replies) and history, to answer "我的事办得怎么样了"; 催办 (POST /api/orders/<n>/urge) and 补充诉求
// (POST /api/orders/<n>/supplement) on an open order; on the desk, filters over every open order, sorted by deadline
// and refreshed every few seconds, and 改派 of any open part (POST /api/orders/<n>/units/<u>/reassign).
// Mounts into <section id="order-find" data-mode="agent|desk">. Items of the agent's caller history
// (#caller-orders li[data-order]) open here too. window.OrderFind.open(number) opens an order.
'use strict';
(async () => {
    const root = document.getElementById('order-find');
    if (!root) {
        return;
    }
    const {t, api, el} = Hotline;
    const desk = root.dataset.mode === 'desk';
    const PAGE = 10;
    let offset = 0;
    let current = null;      // the open order's JSON
    let lastQuery = null;    // the search's query string, null before the first search
    await Hotline.loadTexts();
    await Hotline.loadUnits();

    const TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'];
    function option(value, key, selected) {
        const o = el('option', {value}, t(key));
        o.selected = !!selected;
        return o;
    }

    function build() {
        const form = el('form', {id: 'of-form', class: 'of-form', autocomplete: 'off'},
            el('input', {name: 'q', id: 'of-q', maxlength: '64', placeholder: t('of.placeholder'),
                'aria-label': t('of.placeholder')}),
            el('select', {name: 'status', 'aria-label': t('of.status')},
                option('', 'of.status.any', !desk), option('open', 'of.status.open', desk),
                option('IN_PROGRESS', 'order.status.IN_PROGRESS'), option('AT_DESK', 'order.status.AT_DESK'),
                option('CLOSED', 'order.status.CLOSED')),
            el('label', {class: 'of-check'}, el('input', {type: 'checkbox', name: 'overdue'}), t('of.overdue')));
        if (desk) {
            form.append(
                el('input', {name: 'unit', maxlength: '64', list: 'of-units', placeholder: t('of.unit'),
                    'aria-label': t('of.unit')}),
                el('input', {name: 'district', maxlength: '64', placeholder: t('of.district'),
                    'aria-label': t('of.district')}),
                el('select', {name: 'category', 'aria-label': t('of.category')}, option('', 'of.category.any'),
                    ...Hotline.CATEGORIES.map(c => el('option', {value: c}, Hotline.categoryName(c)))),
                el('select', {name: 'urgency', 'aria-label': t('of.urgency')}, option('', 'of.urgency.any'),
                    ...['2h', '24h', '7d', '15d'].map(u => option(u, 'urgency.' + u))),
                el('select', {name: 'type', 'aria-label': t('of.type')}, option('', 'of.type.any'),
                    ...TYPES.map(x => option(x, 'of.type.' + x))));
        }
        form.append(el('button', {type: 'submit', class: 'primary', id: 'of-search'}, t('of.search')));
        root.replaceChildren(
            el('h2', {}, t(desk ? 'of.deskTitle' : 'of.title')), form,
            el('datalist', {id: 'of-units'}),
            el('div', {class: 'muted', id: 'of-total'}),
            el('ul', {id: 'of-results', class: 'history-list of-results'}),
            el('div', {class: 'row', id: 'of-pager'},
                el('button', {type: 'button', id: 'of-prev'}, t('of.prev')),
                el('button', {type: 'button', id: 'of-next'}, t('of.next'))),
            el('div', {id: 'of-detail', class: 'of-detail'}));
        Hotline.loadUnits().then(units => {
            root.querySelector('#of-units').replaceChildren(...[...units.values()].map(u => el('option',
                {value: u.id, label: u.name + (u.district ? '（' + u.district + '）' : '')})));
        });
        form.onsubmit = ev => {
            ev.preventDefault();
            offset = 0;
            search();
        };
        root.querySelector('#of-prev').onclick = () => {
            offset = Math.max(0, offset - PAGE);
            search();
        };
        root.querySelector('#of-next').onclick = () => {
            offset += PAGE;
            search();
        };
    }

    function queryString() {
        const f = root.querySelector('#of-form');
        const p = new URLSearchParams();
        ['q', 'status', 'unit', 'district', 'category', 'urgency', 'type'].forEach(name => {
            if (f[name] && f[name].value.trim()) {
                p.set(name, f[name].value.trim());
            }
        });
        if (f.overdue.checked) {
            p.set('overdue', 'true');
        }
        p.set('offset', offset);
        p.set('limit', PAGE);
        return p.toString();
    }

    function due(o) {
        const running = (o.parts || []).filter(p => p.state === 'DISPATCHED' || p.state === 'ACCEPTED')
            .map(p => p.dueAt).sort();
        return running.length ? running[0] : null;
    }

    function dueText(iso) {
        if (!iso) {
            return '';
        }
        const left = (new Date(iso) - Date.now()) / 1000;
        return left < 0 ? t('of.overdueBy') + Hotline.duration(-left) : t('of.left') + Hotline.duration(left);
    }

    async function search() {
        const q = queryString();
        lastQuery = q;
        const box = root.querySelector('#of-results');
        const err = root.querySelector('#of-total');
        let page;
        try {
            page = await api('GET', '/api/search/orders?' + q);
        } catch (e) {
            err.textContent = e.error || t('error.network');
            err.className = 'error';
            return;
        }
        err.className = 'muted';
        err.textContent = t('of.total').replace('{n}', page.total);
        box.replaceChildren(...(page.orders.length ? page.orders.map(o => {
            const d = due(o);
            return el('li', {'data-order': o.number, class: (o.status === 'CLOSED' ? '' : 'open')
                    + (d && new Date(d) < Date.now() ? ' overdue' : ''), tabindex: '0'},
                el('b', {}, o.number), ' ',
                el('span', {class: 'ostatus ' + o.status}, t('order.status.' + o.status)), ' ',
                o.requestType ? el('span', {class: 'otype'}, t('of.type.' + o.requestType)) : '', ' ',
                o.urges ? el('span', {class: 'urged'}, t('of.urgedN').replace('{n}', o.urges)) : '', ' ',
                [o.district, o.street].filter(Boolean).join(' '), ' · ',
                o.summary.length > 30 ? o.summary.slice(0, 30) + '…' : o.summary,
                d ? el('span', {class: 'odue'}, ' ' + dueText(d)) : '');
        }) : [el('li', {class: 'muted'}, t('of.none'))]));
        root.querySelector('#of-prev').disabled = offset === 0;
        root.querySelector('#of-next').disabled = offset + PAGE >= page.total;
        if (page.orders.length === 1 && page.total === 1 && !desk) {
            show(page.orders[0]);
        }
    }

    root.addEventListener('click', ev => {
        const li = ev.target.closest('#of-results li[data-order]');
        if (li) {
            open(li.dataset.order);
        }
    });
    root.addEventListener('keydown', ev => {
        const li = ev.target.closest('#of-results li[data-order]');
        if (li && ev.key === 'Enter') {
            open(li.dataset.order);
        }
    });
    // the screen pop's history of the caller's orders opens the same view
    document.addEventListener('click', ev => {
        const li = ev.target.closest('#caller-orders li[data-order]');
        if (li) {
            open(li.dataset.order);
            root.scrollIntoView({behavior: 'smooth', block: 'start'});
        }
    });

    async function open(number) {
        try {
            show(await api('GET', '/api/orders/' + encodeURIComponent(number)));
        } catch (e) {
            root.querySelector('#of-detail').replaceChildren(el('div', {class: 'error'}, e.error || String(e)));
        }
    }

    function when(iso) {
        return iso ? new Date(iso).toLocaleString(Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB', {hour12: false}) : '—';
    }

    function show(o) {
        current = o;
        const openParts = (o.parts || []).filter(p => ['DISPATCHED', 'ACCEPTED', 'RETURNED'].includes(p.state));
        // each 催办 reaches every unit working on the order: count the most any unit received
        const perUnit = {};
        (o.history || []).filter(h => h.type === 'URGED').forEach(h => { perUnit[h.unitId] = (perUnit[h.unitId] || 0) + 1; });
        const urges = Math.max(0, ...Object.values(perUnit));
        const box = root.querySelector('#of-detail');
        const parts = (o.parts || []).map(p => el('tr', {'data-unit': p.unitId, class: 'part ' + p.state},
            el('td', {}, Hotline.unitName(p.unitId)),
            el('td', {}, t('part.' + p.state)),
            el('td', {}, when(p.dueAt), ' ', ['DISPATCHED', 'ACCEPTED'].includes(p.state) ? dueText(p.dueAt) : ''),
            el('td', {}, p.note || '')));
        const history = (o.history || []).map(h => el('li', {'data-type': h.type},
            when(h.at), ' ', t('event.' + h.type),
            h.unitId ? ' · ' + Hotline.unitName(h.unitId) : '',
            h.detail && !['onTime', 'late'].includes(h.detail) ? ' · ' + (h.type === 'REASSIGNED'
                ? '→ ' + Hotline.unitName(h.detail) : h.detail) : ''));
        const nodes = [
            el('h3', {}, t('of.order') + ' ', el('b', {id: 'of-number'}, o.number), ' ',
                el('span', {class: 'ostatus ' + o.status, id: 'of-status'}, t('order.status.' + o.status)), ' ',
                o.requestType ? el('span', {class: 'otype', id: 'of-type'}, t('of.type.' + o.requestType)) : '',
                ' ', urges ? el('span', {class: 'urged', id: 'of-urges'}, t('of.urgedN').replace('{n}', urges)) : ''),
            el('div', {}, t('of.caller'), ': ', o.callerName || '—', ' · ', o.phone, ' · ', t('of.created'), ' ',
                when(o.createdAt)),
            el('div', {}, t('of.where'), ': ', [o.district, o.street, o.community].filter(Boolean).join(' ') || '—',
                ' · ', Hotline.categoryName(o.category), ' · ', t('urgency.' + o.urgency)),
            el('p', {class: 'of-summary'}, o.summary)];
        if (o.answer) {
            nodes.push(el('p', {class: 'ok', id: 'of-answer'}, t('of.answered'), ': ', o.answer));
        }
        if (parts.length) {
            nodes.push(el('table', {class: 'of-parts'}, el('thead', {}, el('tr', {},
                el('th', {}, t('of.unit')), el('th', {}, t('of.state')), el('th', {}, t('of.due')),
                el('th', {}, t('of.note')))), el('tbody', {}, ...parts)));
        } else {
            nodes.push(el('div', {class: 'muted', id: 'of-no-unit'}, t('of.noUnit')));
        }
        if (openParts.length) {
            const urge = el('form', {class: 'row', id: 'of-urge'},
                el('input', {name: 'note', maxlength: '500', placeholder: t('of.urgeNote'), 'aria-label': t('of.urgeNote')}),
                el('button', {type: 'submit', id: 'of-urge-btn'}, t('of.urge')));
            urge.onsubmit = ev => {
                ev.preventDefault();
                act('/urge', {note: urge.note.value.trim()}, 'of.urgedOk');
            };
            const sup = el('form', {class: 'row', id: 'of-supplement'},
                el('textarea', {name: 'text', maxlength: '2000', rows: '2', placeholder: t('of.supplementText'),
                    'aria-label': t('of.supplementText')}),
                el('button', {type: 'submit', id: 'of-supplement-btn'}, t('of.supplement')));
            sup.onsubmit = ev => {
                ev.preventDefault();
                act('/supplement', {text: sup.text.value.trim()}, 'of.supplementedOk');
            };
            nodes.push(urge, sup);
            if (desk) {
                openParts.forEach(p => {
                    const f = el('form', {class: 'row of-reassign', 'data-unit': p.unitId},
                        el('span', {}, t('of.reassignFrom'), ' ', Hotline.unitName(p.unitId), ' → '),
                        el('input', {name: 'toUnit', maxlength: '64', list: 'of-units', placeholder: t('of.unitId'),
                            'aria-label': t('of.unitId')}),
                        el('button', {type: 'submit'}, t('of.reassign')));
                    f.onsubmit = ev => {
                        ev.preventDefault();
                        const to = f.toUnit.value.trim();
                        if (!to || !confirm(t('of.reassignConfirm').replace('{from}', Hotline.unitName(p.unitId))
                            .replace('{to}', Hotline.unitName(to)))) {
                            return;
                        }
                        act('/units/' + encodeURIComponent(p.unitId) + '/reassign', {toUnit: to}, 'of.reassignedOk');
                    };
                    nodes.push(f);
                });
            }
        }
        nodes.push(el('div', {class: 'error', id: 'of-error', role: 'alert'}),
            el('div', {class: 'ok', id: 'of-ok'}),
            el('h4', {}, t('of.history')), el('ul', {class: 'of-history', id: 'of-history'}, ...history));
        box.replaceChildren(...nodes);
    }

    async function act(path, body, okKey) {
        const number = current.number;
        try {
            const o = await api('POST', '/api/orders/' + encodeURIComponent(number) + path, body);
            if (lastQuery !== null) {
                await search(); // the list shows the new state (a search may open its single result again)
            }
            show(o);
            root.querySelector('#of-ok').textContent = t(okKey) + number;
        } catch (e) {
            root.querySelector('#of-error').textContent = e.error || String(e);
        }
    }

    build();
    if (desk) {
        search();
        // the desk's list stays live: new, urged, reassigned and overdue orders show within a few seconds
        setInterval(() => {
            if (!document.hidden) {
                search();
            }
        }, 5000);
    }
    document.addEventListener('hotline:lang', () => {
        const q = root.querySelector('#of-q').value;
        build();
        root.querySelector('#of-q').value = q;
        if (lastQuery !== null) {
            search();
        }
        if (current) {
            show(current);
        }
    });
    window.OrderFind = {open, search};
})();
