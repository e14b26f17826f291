// Reports: the figures of a day / ISO week / month (GET /api/reports), charts and the city's heat map drawn as SVG
// here (no chart library). The map's district polygons are /geo/beijing.json, taken at build time from the npm
// package echarts 4.9.0 (ids = the gazetteer's district codes, "cp" = the district's centre).
'use strict';
(async () => {
    const {t, el, api} = Hotline;
    const SVG = 'http://www.w3.org/2000/svg';
    const LOW = [253, 227, 224];
    const HIGH = [200, 16, 46];
    let report = null;
    let geo = null;

    Hotline.wireLangSwitch();
    await Hotline.loadTexts();
    // a district's leader gets its district's report (the server narrows it: Access InDistrict)
    const session = await Hotline.requireSession(['supervisor', 'leader']);
    if (!session) {
        return;
    }
    Hotline.header(session);
    const back = document.getElementById('back');
    if (session.role === 'leader') {
        back.href = '/leader.html';
        back.firstElementChild.dataset.i18n = 'nav.leader';
        back.firstElementChild.textContent = t('nav.leader');
    }

    const form = document.getElementById('query');
    const params = new URLSearchParams(location.search);
    form.period.value = ['day', 'week', 'month'].includes(params.get('period')) ? params.get('period') : 'day';
    // without a date the server answers for today in the hotline's zone, and the field takes that day
    form.date.value = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') || '') ? params.get('date') : '';
    form.onsubmit = ev => {
        ev.preventDefault();
        history.replaceState(null, '', '?period=' + form.period.value + '&date=' + form.date.value);
        load();
    };
    document.addEventListener('hotline:lang', () => report && render());

    function s(tag, attrs, ...children) {
        const e = document.createElementNS(SVG, tag);
        Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
        children.forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c)));
        return e;
    }

    // the heat colour of n out of max: from a light rose (1) to the brand red (max)
    function heat(n, max) {
        if (!n) {
            return '#e6ebf1';
        }
        const f = max <= 1 ? 1 : (n - 1) / (max - 1);
        const c = LOW.map((lo, i) => Math.round(lo + (HIGH[i] - lo) * f));
        return '#' + c.map(v => v.toString(16).padStart(2, '0')).join('');
    }

    function pct(rate) {
        return rate.basisPoints === null ? '—' : (rate.basisPoints / 100).toFixed(1) + '%';
    }

    async function load() {
        const q = 'period=' + form.period.value + (form.date.value ? '&date=' + form.date.value : '');
        const state = document.getElementById('report-state');
        state.textContent = t('report.loading');
        try {
            [report, geo] = await Promise.all([api('GET', '/api/reports?' + q), geo || loadGeo()]);
            state.textContent = '';
            render();
        } catch (e) {
            state.textContent = e.error || t('error.network');
        }
    }

    async function loadGeo() {
        const r = await fetch('/geo/beijing.json');
        return decode(await r.json());
    }

    // echarts' compressed GeoJSON ("UTF8Encoding"): each ring a string of zig-zag delta pairs from an offset
    function decode(json) {
        if (!json.UTF8Encoding) {
            return json;
        }
        const scale = json.UTF8Scale || 1024;
        const ring = (str, off) => {
            const out = [];
            let x = off[0];
            let y = off[1];
            for (let i = 0; i < str.length; i += 2) {
                let dx = str.charCodeAt(i) - 64;
                let dy = str.charCodeAt(i + 1) - 64;
                dx = (dx >> 1) ^ (-(dx & 1));
                dy = (dy >> 1) ^ (-(dy & 1));
                x += dx;
                y += dy;
                out.push([x / scale, y / scale]);
            }
            return out;
        };
        json.features.forEach(f => {
            const g = f.geometry;
            g.coordinates = g.type === 'Polygon'
                ? g.coordinates.map((r, i) => ring(r, g.encodeOffsets[i]))
                : g.coordinates.map((p, i) => p.map((r, j) => ring(r, g.encodeOffsets[i][j])));
        });
        json.UTF8Encoding = false;
        return json;
    }

    function render() {
        const r = report;
        document.getElementById('report-label').textContent = t('report.period.' + r.period) + ' ' + r.label;
        const scope = document.getElementById('report-scope');
        scope.hidden = !r.district;
        scope.dataset.district = r.district || '';
        scope.textContent = r.district ? r.district + ' · ' + t('report.districtScope') : '';
        document.getElementById('report-range').textContent = r.start + ' – ' + r.last + ' (' + r.zone + ') · '
            + t('report.generatedAt') + ' ' + new Date(r.generatedAt).toLocaleString(
            Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB', {timeZone: r.zone, hour12: false});
        if (!form.date.value) {
            form.date.value = r.start;
        }
        const q = '/api/reports?period=' + r.period + '&date=' + r.start + '&lang=' + Hotline.lang();
        document.getElementById('csv').href = q + '&format=csv';
        document.getElementById('pdf').href = q + '&format=pdf';
        const c = r.calls;
        const kpi = (id, label, value, sub, cls) => el('div', {class: 'kpi ' + (cls || ''), id: 'kpi-' + id},
            el('div', {class: 'label'}, label), el('div', {class: 'value'}, value), el('div', {class: 'sub'}, sub));
        document.getElementById('kpis').replaceChildren(
            kpi('offered', t('report.offered'), c.offered, t('report.calls')),
            kpi('answered', t('report.answered'), c.answered, t('report.inTarget') + ' ' + c.inTarget),
            kpi('answer-rate', t('report.answerRate'), pct(c.answerRate), c.answered + ' / ' + c.offered),
            kpi('service-level', t('report.serviceLevel'), pct(c.serviceLevel),
                c.serviceLevel.numerator + ' / ' + c.serviceLevel.denominator),
            kpi('abandoned', t('report.abandoned'), c.abandoned, t('report.calls')),
            kpi('orders', t('report.orders'), r.orders.total, t('report.total'), 'brand'));
        document.getElementById('orders-total').textContent = t('report.total') + ' ' + r.orders.total;
        trend(r.trend, r.period === 'day');
        bars('chart-category', r.orders.byCategory.map(x => [category(x.category), x.count]), '#1f6feb');
        bars('chart-unit', r.orders.byUnit.map(x => [unitName(x), x.count]), '#7a4fd6');
        ranking(r.ranking);
        rows('problems', r.problems, p => [drillCell({'data-problem': p.street + '/' + p.category},
            p.district + ' ' + p.street, {kind: 'problem', numbers: p.numbers,
                label: p.district + ' ' + p.street + ' · ' + category(p.category)}),
            el('td', {}, category(p.category)), el('td', {class: 'num'}, p.orders),
            el('td', {class: 'num'}, p.repeatLinked), el('td', {class: 'nums'}, p.numbers.join(' '))], 5);
        rows('streets', r.orders.byStreet, x => [el('td', {}, x.district),
            drillCell({'data-street': x.street}, x.street, {kind: 'street', district: x.district, street: x.street,
                label: x.district + ' ' + x.street}),
            el('td', {class: 'nums'}, x.code), el('td', {class: 'num'}, x.count)], 4);
        map();
    }

    // ---- drill-down: a unit, a street or a recurring problem → its orders in the window, each order's detail ----
    function drillCell(attrs, text, what) {
        const a = el('a', Object.assign({href: '#drill', class: 'drill'}, attrs), text);
        a.onclick = ev => {
            ev.preventDefault();
            drill(what);
        };
        return el('td', {}, a);
    }

    async function drill(what) {
        const card = document.getElementById('drill');
        card.hidden = false;
        document.getElementById('drill-title').textContent = t('report.drill.title') + '：' + what.label;
        const body = document.getElementById('drill-orders');
        body.replaceChildren(el('tr', {}, el('td', {colspan: 6, class: 'muted'}, t('report.drill.loading'))));
        document.getElementById('drill-detail').replaceChildren();
        let orders = [];
        try {
            await Hotline.loadUnits(); // the units by name (the directory), not by id
            if (what.kind === 'problem') {
                orders = await Promise.all(what.numbers.map(n => api('GET', '/api/orders/' + encodeURIComponent(n))));
            } else {
                const q = new URLSearchParams({from: report.from, to: report.to, limit: '500'});
                if (report.district) {
                    q.set('district', report.district);
                }
                orders = (await api('GET', '/api/orders?' + q)).orders.filter(o => what.kind === 'unit'
                    ? (o.unitIds || []).includes(what.unitId)
                    : o.district === what.district && o.street === what.street);
            }
        } catch (e) {
            body.replaceChildren(el('tr', {}, el('td', {colspan: 6, class: 'error'}, e.error || String(e))));
            return;
        }
        document.getElementById('drill-count').textContent = t('report.total') + ' ' + orders.length;
        body.replaceChildren(...(orders.length ? orders.map(o => {
            const link = el('a', {href: '#order-' + o.number, class: 'order-link', 'data-order': o.number}, o.number);
            link.onclick = ev => {
                ev.preventDefault();
                detail(o.number);
            };
            return el('tr', {'data-order': o.number}, el('td', {}, link),
                el('td', {}, new Date(o.createdAt).toLocaleString(Hotline.lang() === 'zh' ? 'zh-CN' : 'en-GB',
                    {hour12: false})),
                el('td', {}, category(o.category)), el('td', {}, (o.district || '') + ' ' + (o.street || '')),
                el('td', {}, (o.unitIds || []).map(Hotline.unitName).join('、')),
                el('td', {class: 'summary'}, o.summary || ''));
        }) : [el('tr', {}, el('td', {colspan: 6, class: 'muted'}, t('report.none')))]));
        card.scrollIntoView({block: 'start'});
    }

    // one order: what the citizen asked, where, and each unit's part with its state and reply
    async function detail(number) {
        const box = document.getElementById('drill-detail');
        try {
            const o = await api('GET', '/api/orders/' + encodeURIComponent(number));
            box.replaceChildren(el('h3', {}, o.number + ' · ' + category(o.category)),
                el('p', {}, o.summary || ''),
                el('p', {class: 'muted'}, [o.district, o.street, o.community].filter(x => x).join(' ')
                    + (o.callerName ? ' · ' + o.callerName : '')),
                el('ul', {}, ...(o.parts || []).map(part => el('li', {'data-unit': part.unitId},
                    Hotline.unitName(part.unitId) + ' · ' + (t('report.drill.state.' + part.state)
                        .startsWith('report.') ? part.state : t('report.drill.state.' + part.state))
                    + (part.reply ? ' · ' + (part.reply.text || part.reply) : '')))));
            box.dataset.order = number;
        } catch (e) {
            box.replaceChildren(el('p', {class: 'error'}, e.error || String(e)));
        }
    }

    // a unit by the directory's name; an id not in the directory as 未知单位(id)
    function unitName(x) {
        return x.name || t('unitpicker.unknown').replace('{id}', x.unitId);
    }

    function category(code) {
        const text = t('category.' + code);
        return text === 'category.' + code ? t('report.unknownCategory').replace('{code}', code) : text;
    }

    function rows(id, items, cells, span) {
        const body = document.querySelector('#' + id + ' tbody');
        body.replaceChildren(...(items.length ? items.map(i => el('tr', {}, cells(i)))
            : [el('tr', {}, el('td', {colspan: span, class: 'muted'}, t('report.none')))]));
    }

    function ranking(items) {
        rows('ranking', items, u => {
            const cell = rate => el('td', {class: 'num'},
                el('span', {class: 'bar', style: 'width:' + Math.round((rate.basisPoints || 0) / 10000 * 60) + 'px'}),
                pct(rate));
            return [el('td', {class: 'num' + (u.rank === 1 ? ' rank1' : '')}, u.rank),
                drillCell({'data-unit': u.unitId}, unitName(u), {kind: 'unit', unitId: u.unitId, label: unitName(u)}), cell(u.response), cell(u.resolution),
                cell(u.satisfaction), el('td', {class: 'num'}, (u.score / 100).toFixed(1))];
        }, 6);
    }

    // calls offered and orders per hour (a day) or per day (a week, a month), side by side
    function trend(items, hourly) {
        const box = document.getElementById('chart-trend');
        const width = 480;
        const height = 150;
        const left = 28;
        const bottom = 18;
        const max = Math.max(1, ...items.map(b => Math.max(b.offered, b.orders)));
        const step = (width - left) / items.length;
        const bw = Math.max(1.5, step / 2 - 1);
        const y = v => (height - bottom) - (height - bottom - 8) * v / max;
        const svg = s('svg', {viewBox: '0 0 ' + width + ' ' + height, role: 'img'});
        [...new Set([0, Math.ceil(max / 2), max])].forEach(v => svg.append(
            s('line', {x1: left, x2: width, y1: y(v), y2: y(v), class: 'grid'}),
            s('text', {x: left - 4, y: y(v) + 3, 'text-anchor': 'end', class: 'axis'}, String(v))));
        const every = Math.ceil(items.length / 12);
        items.forEach((b, i) => {
            const x = left + i * step;
            svg.append(s('rect', {x: x + 1, y: y(b.offered), width: bw, height: (height - bottom) - y(b.offered),
                class: 'calls', 'data-label': b.label, 'data-offered': b.offered},
            s('title', {}, b.label + ' · ' + t('report.offered') + ' ' + b.offered)),
            s('rect', {x: x + 1 + bw, y: y(b.orders), width: bw, height: (height - bottom) - y(b.orders),
                class: 'orders', 'data-label': b.label, 'data-orders': b.orders},
            s('title', {}, b.label + ' · ' + t('report.orders') + ' ' + b.orders)));
            if (i % every === 0) {
                svg.append(s('text', {x: x + step / 2, y: height - 4, 'text-anchor': 'middle', class: 'axis'},
                    hourly ? b.label : b.label.slice(5)));
            }
        });
        box.replaceChildren(svg);
    }

    // horizontal bars, largest first
    function bars(id, items, colour) {
        const box = document.getElementById(id);
        if (!items.length) {
            box.replaceChildren(el('p', {class: 'muted'}, t('report.none')));
            return;
        }
        const shown = items.slice(0, 10);
        const max = Math.max(...shown.map(i => i[1]));
        const rowH = 26;
        const labelW = 130;
        const width = 460;
        const svg = s('svg', {viewBox: '0 0 ' + width + ' ' + (shown.length * rowH + 4), role: 'img'});
        shown.forEach(([label, n], i) => {
            const y = i * rowH + 4;
            const w = Math.max(2, (width - labelW - 50) * n / max);
            svg.append(s('text', {x: labelW - 8, y: y + 15, 'text-anchor': 'end'}, label),
                s('rect', {x: labelW, y: y + 3, width: w, height: rowH - 10, rx: 3, fill: colour}),
                s('text', {x: labelW + w + 6, y: y + 15, class: 'n'}, String(n)));
        });
        box.replaceChildren(svg);
    }

    // the city's districts as SVG paths, projected (equirectangular, x scaled by cos 40°) so that the box
    // [x0, y0]..[x1, y1] (lon·k, lat) fills W pixels wide; whatever lies outside is clipped by the SVG
    function projection(x0, y0, x1, y1, W) {
        const k = Math.cos(40 * Math.PI / 180);
        const scale = W / (x1 - x0);
        return {k, W, H: Math.ceil((y1 - y0) * scale),
            px: ([lon, lat]) => [(lon * k - x0) * scale, (y1 - lat) * scale]};
    }

    function rings(g) {
        return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    }

    function bounds(features) {
        const k = Math.cos(40 * Math.PI / 180);
        const b = [Infinity, Infinity, -Infinity, -Infinity];
        features.forEach(f => rings(f.geometry).forEach(poly => poly.forEach(ring => ring.forEach(([lon, lat]) => {
            b[0] = Math.min(b[0], lon * k); b[2] = Math.max(b[2], lon * k);
            b[1] = Math.min(b[1], lat); b[3] = Math.max(b[3], lat);
        }))));
        return b;
    }

    function districtPaths(svg, p, fillOf, titled) {
        geo.features.forEach(f => {
            const d = rings(f.geometry).map(poly => poly.map(ring => 'M' + ring.map(pt => p.px(pt)
                .map(v => v.toFixed(1)).join(',')).join('L') + 'Z').join('')).join('');
            const [fill, n] = fillOf(f);
            const path = s('path', {d, class: 'district', fill, 'data-district': f.id, 'data-count': n});
            if (titled) {
                path.append(s('title', {}, f.properties.name + ' · ' + n));
            }
            svg.append(path);
        });
    }

    // the urban core (东城 西城 朝阳 海淀 丰台 石景山) and every district with orders fill the map; a small
    // overview of the whole city sits in its corner
    const CORE = ['110101', '110102', '110105', '110106', '110107', '110108'];

    function map() {
        const box = document.getElementById('map');
        const byCode = new Map(report.orders.byDistrict.map(d => [d.code, d.count]));
        const streets = report.orders.byStreet;
        const dmax = Math.max(1, ...report.orders.byDistrict.map(d => d.count));
        const smax = Math.max(1, ...streets.map(x => x.count));
        const fillOf = f => {
            const n = byCode.get(String(f.id)) || 0;
            return [n ? mix(heat(n, dmax)) : '#e9edf2', n];
        };
        const focus = bounds(geo.features.filter(f => CORE.includes(String(f.id)) || byCode.get(String(f.id))));
        const padX = (focus[2] - focus[0]) * 0.06;
        const padY = (focus[3] - focus[1]) * 0.06;
        const p = projection(focus[0] - padX, focus[1] - padY, focus[2] + padX, focus[3] + padY, 640);
        const svg = s('svg', {viewBox: '0 0 ' + p.W + ' ' + p.H, role: 'img'});
        districtPaths(svg, p, fillOf, true);
        // streets: no package gives street coordinates, so each district's streets sit on a ring around its centre
        const centre = new Map(geo.features.map(f => [String(f.id), f.properties.cp]));
        const perDistrict = new Map();
        streets.forEach(st => {
            const list = perDistrict.get(st.districtCode) || [];
            list.push(st);
            perDistrict.set(st.districtCode, list);
        });
        const ringOf = (i, n) => n === 1 ? 0 : 30 + 6 * Math.floor(i / 8);
        geo.features.forEach(f => {
            const [x, y] = p.px(f.properties.cp);
            const list = perDistrict.get(String(f.id));
            // above its streets' ring (largest dot radius 16) when it has some
            const above = list ? 20 - ringOf(list.length - 1, list.length) - 16 - 6 : -8;
            svg.append(s('text', {x: x.toFixed(1), y: (y + above).toFixed(1), 'text-anchor': 'middle',
                class: 'district-name'}, f.properties.name));
        });
        perDistrict.forEach((list, code) => {
            const cp = centre.get(code);
            if (!cp) {
                return;
            }
            const [cx, cy] = p.px(cp);
            list.forEach((st, i) => {
                const a = -Math.PI / 2 + i * 2 * Math.PI / Math.max(1, list.length);
                const ring = ringOf(i, list.length);
                const x = cx + ring * Math.cos(a);
                const y = cy + 20 + ring * Math.sin(a);
                const radius = 7 + 9 * Math.sqrt(st.count / smax);
                svg.append(s('circle', {cx: x.toFixed(1), cy: y.toFixed(1), r: radius.toFixed(1), class: 'street',
                    fill: heat(st.count, smax), 'data-street': st.street, 'data-street-code': st.code,
                    'data-count': st.count}, s('title', {}, st.district + ' ' + st.street + ' · ' + st.count)),
                s('text', {x: (x + radius + 4).toFixed(1), y: (y + 4).toFixed(1), class: 'street-name'},
                    st.street + ' ' + st.count));
            });
        });
        const whole = bounds(geo.features);
        const o = projection(whole[0], whole[1], whole[2], whole[3], 150);
        const overview = s('svg', {viewBox: '0 0 ' + o.W + ' ' + o.H, class: 'overview', role: 'img'});
        districtPaths(overview, o, fillOf, false);
        const [fx0, fy0] = o.px([(focus[0] - padX) / p.k, focus[3] + padY]);
        const [fx1, fy1] = o.px([(focus[2] + padX) / p.k, focus[1] - padY]);
        overview.append(s('rect', {x: fx0.toFixed(1), y: fy0.toFixed(1), width: (fx1 - fx0).toFixed(1),
            height: (fy1 - fy0).toFixed(1), class: 'focus'}));
        box.replaceChildren(svg, overview);
        document.getElementById('map-legend').replaceChildren(...(streets.length ? [el('span', {}, '1'),
            el('span', {class: 'ramp'}), el('span', {}, String(smax)), el('span', {}, t('report.orders'))]
            : [el('span', {}, t('report.none'))]));
    }

    // districts get a paler tint of the heat colour, so the street dots on them stand out
    function mix(hex) {
        const c = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
        return '#' + c.map(v => Math.round(v + (255 - v) * 0.45).toString(16).padStart(2, '0')).join('');
    }

    load();
})();
