// Shared by every page: texts (i18n), the JSON API, the session and the page header. No external code.
'use strict';

const Hotline = (() => {
    let texts = {};
    let lang = localStorage.getItem('hotline.lang') || 'zh';

    async function loadTexts() {
        const r = await fetch('/i18n/' + lang + '.json', {cache: 'no-cache'});
        texts = await r.json();
        document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
        document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
        document.querySelectorAll('[data-i18n-placeholder]').forEach(el => {
            el.placeholder = t(el.dataset.i18nPlaceholder);
        });
        document.querySelectorAll('[data-i18n-title]').forEach(el => { el.title = t(el.dataset.i18nTitle); });
    }

    function t(key) {
        return Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    }

    async function switchLang() {
        lang = lang === 'zh' ? 'en' : 'zh';
        localStorage.setItem('hotline.lang', lang);
        await loadTexts();
        document.dispatchEvent(new Event('hotline:lang'));
    }

    // fetch with JSON in and out; throws {status, code, error} on a non-2xx answer
    async function api(method, path, body) {
        const init = {method, credentials: 'same-origin', headers: {}};
        if (body !== undefined) {
            init.headers['content-type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        let r;
        try {
            r = await fetch(path, init);
        } catch (e) {
            throw {status: 0, code: 'NETWORK', error: t('error.network')};
        }
        const text = await r.text();
        const json = text ? JSON.parse(text) : null;
        if (!r.ok) {
            throw Object.assign({status: r.status}, json || {error: r.statusText});
        }
        return json;
    }

    // Each role's landing page.
    const HOME = {agent: '/agent.html', supervisor: '/wallboard.html', unit: '/unit.html', leader: '/leader.html',
        dispatcher: '/dispatch.html', admin: '/admin.html'};

    // The logged-in user, or a redirect to the login page. role: the role (or list of roles) the page is for;
    // a supervisor or an admin may open every page.
    async function requireSession(role) {
        const roles = Array.isArray(role) ? role : role ? [role] : [];
        try {
            const s = await api('GET', '/api/session');
            if (roles.length && !roles.includes(s.role) && s.role !== 'supervisor' && s.role !== 'admin') {
                alert(t('error.forbidden'));
                location.href = '/';
                return null;
            }
            return s;
        } catch (e) {
            location.href = '/?next=' + encodeURIComponent(location.pathname);
            return null;
        }
    }

    function header(session) {
        const user = document.getElementById('user');
        if (user) {
            const show = () => { user.textContent = session.user + ' · ' + t('role.' + session.role); };
            show();
            document.addEventListener('hotline:lang', show); // the English switch switches the role too
        }
        const out = document.getElementById('logout');
        if (out) {
            out.onclick = async () => {
                await api('DELETE', '/api/session').catch(() => {});
                location.href = '/';
            };
        }
    }

    function wireLangSwitch() {
        const b = document.getElementById('lang');
        if (b) {
            b.onclick = switchLang;
        }
    }

    // "75" -> "1:15"; "3725" -> "1:02:05"
    function duration(seconds) {
        seconds = Math.max(0, Math.floor(seconds));
        const h = Math.floor(seconds / 3600);
        const m = Math.floor(seconds / 60) % 60;
        const s = String(seconds % 60).padStart(2, '0');
        return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + s : m + ':' + s;
    }

    // a clock time in the page's language, 24-hour
    function time(iso) {
        return new Date(iso).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', {hour12: false});
    }

    function el(tag, attrs, ...children) {
        const e = document.createElement(tag);
        Object.entries(attrs || {}).forEach(([k, v]) => {
            if (k === 'class') {
                e.className = v;
            } else if (v !== null && v !== undefined) {
                e.setAttribute(k, v);
            }
        });
        children.flat().forEach(c => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : c)));
        return e;
    }

    // The unit directory (GET /api/units), loaded once per page: unit id -> {id, name, kind, district}.
    let units = new Map();
    let unitsLoading = null;
    function loadUnits() {
        if (!unitsLoading) {
            unitsLoading = api('GET', '/api/units').then(r => {
                units = new Map(r.units.map(u => [u.id, u]));
                return units;
            }).catch(() => {
                unitsLoading = null; // try again next time
                return units;
            });
        }
        return unitsLoading;
    }

    // "balizhuang" -> "八里庄街道"; an id the directory does not know stays as it is
    function unitName(id) {
        const u = units.get(id);
        return u ? u.name : id;
    }

    // the id of the unit called `name` (a draft's suggestion), preferring one in `district`; null if none
    function unitIdFor(name, district) {
        let found = null;
        for (const u of units.values()) {
            if (u.name === name && (!found || (district && u.district === district && found.district !== district))) {
                found = u;
            }
        }
        return found ? found.id : null;
    }

    // the packaged extraction rules' category codes, in their order (orders/.../draft-rules.properties)
    const CATEGORIES = ['property', 'illegal_construction', 'group_rental', 'parking', 'garbage', 'street_light',
        'fire_safety', 'heating', 'water_drainage', 'gas_power', 'road', 'greening', 'noise', 'street_vending',
        'traffic', 'environment', 'accessibility', 'public_security', 'enterprise', 'consultation', 'other'];

    // leader sessions' districts by queue id ("session:<id>" -> "朝阳区"), from GET /api/web/sessions
    const sessionDistricts = {};
    function knowSessions(list) {
        (list || []).forEach(s => { sessionDistricts['session:' + s.id] = s.district; });
    }

    // a queue's name: "citizen" -> "市民热线", "session:<id>" -> "领导接听 <district or id>"
    function queueName(id, district) {
        if (!id) {
            return '—';
        }
        if (id.startsWith('session:')) {
            return t('leader.session') + ' ' + (district || sessionDistricts[id] || id.substring(8));
        }
        return t('queue.' + id) === 'queue.' + id ? id : t('queue.' + id);
    }

    // "noise" -> "噪音扰民"; an unknown code stays as it is
    function categoryName(code) {
        const k = 'category.' + code;
        return t(k) === k ? code : t(k);
    }

    return {HOME, CATEGORIES, knowSessions, queueName, loadUnits, unitName, unitIdFor, categoryName, loadTexts, t, api,
        requireSession, header, wireLangSwitch, duration, time, el, lang: () => lang};
})();
