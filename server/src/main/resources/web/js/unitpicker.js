// The unit picker: one field to find units of the one unit directory (GET /api/units) by name, short name, id or
// district, shown as "八里庄街道（海淀区）". A name that is typed and not picked from the list is resolved by the server
// (GET /api/units/resolve): one unit is taken, an ambiguous name (八里庄街道: 朝阳区 and 海淀区) asks which one, an
// unknown one is refused in red. Only units of the directory ever become chips, so a typo is never shown as valid.
// Used by the agent desktop's draft (the unit field) and the dispatch desk (re-dispatch, joint dispatch).
'use strict';
const UnitPicker = (() => {
    const {t, api, el} = Hotline;
    let units = new Map();

    const STYLE = `
.unit-pick { position: relative; }
.unit-pick .picked { display: flex; flex-wrap: wrap; gap: 4px; min-height: 1.2em; margin-top: 3px; }
.unit-pick .picked .unit-chip { margin: 0; }
.unit-pick .picked .x { border: none; background: none; padding: 0 0 0 6px; cursor: pointer; color: inherit; }
.unit-pick .picked .x::after { content: '×'; }
.unit-pick .suggest { position: absolute; z-index: 20; left: 0; right: 0; margin: 0; padding: 0; list-style: none;
  background: #fff; border: 1px solid #c9d1db; border-radius: 4px; max-height: 240px; overflow-y: auto;
  box-shadow: 0 4px 12px rgba(0,0,0,.12); }
.unit-pick .suggest li { padding: 4px 8px; cursor: pointer; display: flex; justify-content: space-between; gap: 8px; }
.unit-pick .suggest li.on, .unit-pick .suggest li:hover { background: #eaf2ff; }
.unit-pick .suggest li small { color: #6b7785; }
.unit-pick .choose { margin-top: 4px; }
.unit-pick .choose button { margin: 2px 4px 2px 0; }
.unit-pick .problem { color: #c62828; min-height: 0; }
.unit-chip .role { font-weight: 600; }
label.inline { display: flex; align-items: center; gap: 6px; }
label.inline input { width: auto; margin: 0; }`;

    function norm(s) {
        return (s || '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();
    }

    // "八里庄街道（海淀区）" for a street, the name for a department; an id not in the directory: "未知单位(id)"
    function label(id) {
        const u = units.get(id);
        if (!u) {
            return t('unitpicker.unknown').replace('{id}', id);
        }
        return u.displayName || (u.district ? u.name + '（' + u.district + '）' : u.name);
    }

    // 主办 (lead) or 协办 (assisting)
    function role(lead) {
        return t(lead ? 'unitpicker.lead' : 'unitpicker.assist');
    }

    function known(id) {
        return units.has(id);
    }

    // up to `max` units whose name, short name, id or district contains what was typed; names that start with it first
    function search(text, max) {
        const q = norm(text);
        if (!q) {
            return [];
        }
        const starts = [];
        const contains = [];
        for (const u of units.values()) {
            const names = [u.name, ...(u.aliases || [])].map(norm);
            if (names.some(n => n.startsWith(q)) || norm(u.id) === q) {
                starts.push(u);
            } else if (names.some(n => n.includes(q)) || norm(u.id).includes(q) || norm(u.district).includes(q)
                || norm(label(u.id)).includes(q)) {
                contains.push(u);
            }
        }
        return starts.concat(contains).slice(0, max);
    }

    /**
     * Turns `holder` (an input whose value is the picked ids, comma-separated: the form field the page submits) into
     * a picker: the holder is hidden, a search field and the picked units' chips take its place.
     * options.multiple: several units (default false: picking one replaces the other).
     * options.onChange(ids): after every change.
     * Returns {ids(), set(ids), clear(), commit(): Promise<boolean> (resolves typed text; false if it needs a choice
     * or is unknown), fill(name, district, unitId): the draft's suggestion, refresh()}.
     */
    function attach(holder, options) {
        const opts = options || {};
        if (!document.getElementById('unit-picker-style')) {
            document.head.append(el('style', {id: 'unit-picker-style'}, STYLE));
        }
        const base = holder.id || holder.name;
        holder.type = 'hidden';
        holder.removeAttribute('list');
        const input = el('input', {id: base + '-search', autocomplete: 'off', maxlength: '100',
            'data-i18n-placeholder': 'unitpicker.placeholder', placeholder: t('unitpicker.placeholder')});
        const suggest = el('ul', {class: 'suggest', id: base + '-suggest', hidden: ''});
        const choose = el('div', {class: 'choose', id: base + '-choose', hidden: ''});
        const problem = el('div', {class: 'problem', id: base + '-problem', role: 'alert'});
        const picked = el('div', {class: 'picked', id: base + '-picked'});
        const box = el('div', {class: 'unit-pick'}, input, suggest, choose, problem, picked);
        holder.after(box);
        let shown = [];
        let active = -1;

        const ids = () => holder.value.split(/[,，\s]+/).filter(Boolean);

        function write(list, byUser) {
            holder.value = [...new Set(list)].join(',');
            render();
            if (byUser) {
                // the page's own form listener sees the field edited by the person (not the draft)
                holder.dispatchEvent(new Event('input', {bubbles: true}));
            }
            if (opts.onChange) {
                opts.onChange(ids());
            }
        }

        function render() {
            const all = ids();
            // several units: the first leads (主办), the others assist (协办), as the order API dispatches them
            picked.replaceChildren(...all.map((id, i) => el('span', {class: 'unit-chip' + (known(id) ? '' : ' unknown'),
                'data-unit': id, title: id}, all.length > 1 ? el('b', {class: 'role'}, role(i === 0) + ' ') : '',
                label(id),
                el('button', {type: 'button', class: 'x', 'aria-label': t('unitpicker.remove')}))));
            picked.querySelectorAll('button.x').forEach(b => {
                b.onclick = () => write(ids().filter(i => i !== b.parentElement.dataset.unit), true);
            });
        }

        function pick(id) {
            input.value = '';
            closeSuggest();
            choose.hidden = true;
            problem.textContent = '';
            write(opts.multiple ? [...ids(), id] : [id], true);
        }

        function closeSuggest() {
            suggest.hidden = true;
            shown = [];
            active = -1;
        }

        function showSuggest() {
            shown = search(input.value, 8);
            active = shown.length ? 0 : -1;
            suggest.replaceChildren(...shown.map((u, i) => el('li', {'data-unit': u.id, class: i === active ? 'on'
                : ''}, el('span', {}, label(u.id)), el('small', {}, u.kind === 'street' ? u.id
                : (u.aliases || []).join('、') || u.id))));
            suggest.hidden = shown.length === 0;
            suggest.querySelectorAll('li').forEach(li => {
                li.onmousedown = ev => {
                    ev.preventDefault(); // keep the focus: no blur commit of the half-typed text
                    pick(li.dataset.unit);
                };
            });
        }

        function askWhich(candidates, text) {
            choose.dataset.for = text;
            choose.replaceChildren(el('span', {}, t('unitpicker.which') + ' '),
                ...candidates.map(c => el('button', {type: 'button', 'data-unit': c.id}, label(c.id))));
            choose.querySelectorAll('button').forEach(b => {
                b.onclick = () => pick(b.dataset.unit);
            });
            choose.hidden = false;
        }

        // resolves what is typed: true when it became a unit (or nothing is typed). One resolution per text at a
        // time: the field's blur and the button that caused it both ask, and must get the same answer.
        let inflight = null;
        let inflightText = null;
        function commit() {
            const text = input.value.trim();
            if (inflight && inflightText === text) {
                return inflight;
            }
            inflightText = text;
            inflight = resolveTyped(text).finally(() => {
                inflight = null;
                inflightText = null;
            });
            return inflight;
        }

        async function resolveTyped(text) {
            if (!text) {
                return true;
            }
            if (!choose.hidden && choose.dataset.for === text) {
                return false; // already asking which one (a click on a choice blurs the field first)
            }
            closeSuggest();
            problem.textContent = '';
            choose.hidden = true;
            let r;
            try {
                r = await api('GET', '/api/units/resolve?name=' + encodeURIComponent(text));
            } catch (e) {
                problem.textContent = e.error || String(e);
                return false;
            }
            if (input.value.trim() !== text) {
                return false; // typed on meanwhile
            }
            if (r.match === 'found') {
                pick(r.unit.id);
                return true;
            }
            if (r.match === 'ambiguous') {
                askWhich(r.candidates, text);
                return false;
            }
            problem.textContent = t('unitpicker.notFound') + text;
            return false;
        }

        input.addEventListener('input', () => {
            problem.textContent = '';
            choose.hidden = true;
            showSuggest();
        });
        input.addEventListener('keydown', ev => {
            if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
                if (shown.length) {
                    ev.preventDefault();
                    active = (active + (ev.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
                    suggest.querySelectorAll('li').forEach((li, i) => li.classList.toggle('on', i === active));
                }
            } else if (ev.key === 'Enter' && !ev.ctrlKey && !ev.metaKey) {
                ev.preventDefault(); // Enter picks; Ctrl+Enter still submits the draft
                if (active >= 0 && shown[active] && norm(label(shown[active].id)) === norm(input.value)) {
                    pick(shown[active].id);
                } else {
                    commit();
                }
            } else if (ev.key === 'Escape') {
                closeSuggest();
            }
        });
        input.addEventListener('blur', () => {
            closeSuggest();
            commit();
        });
        const form = holder.form;
        if (form) {
            form.addEventListener('reset', () => setTimeout(() => {
                input.value = '';
                problem.textContent = '';
                choose.hidden = true;
                render();
            }, 0));
        }
        document.addEventListener('hotline:lang', render);
        render();

        return {
            ids,
            set: list => write(list, false),
            clear: () => {
                input.value = '';
                problem.textContent = '';
                choose.hidden = true;
                write([], false);
            },
            commit,
            refresh: render,
            pending: () => input.value.trim() !== '',
            // the draft's suggestion: its resolved id, else the name resolved in the directory (not over the agent's)
            fill: async (name, district, unitId) => {
                if (unitId && known(unitId)) {
                    write(opts.multiple ? [...ids(), unitId] : [unitId], false);
                    return;
                }
                if (!name) {
                    return;
                }
                const r = await api('GET', '/api/units/resolve?name=' + encodeURIComponent(name)
                    + (district ? '&district=' + encodeURIComponent(district) : '')).catch(() => null);
                if (r && r.match === 'found' && !ids().length) {
                    write([r.unit.id], false);
                }
            }
        };
    }

    async function load() {
        units = await Hotline.loadUnits();
        return units;
    }

    return {attach, load, label, known, search, role};
})();
