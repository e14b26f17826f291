'use strict';
(async () => {
    Hotline.wireLangSwitch();
    await Hotline.loadTexts();
    const next = new URLSearchParams(location.search).get('next');
    const go = s => {
        location.href = next && /^\/[A-Za-z0-9_.\/-]*$/.test(next) && !next.startsWith('//') ? next
            : Hotline.HOME[s.role] || '/agent.html';
    };
    try {
        go(await Hotline.api('GET', '/api/session')); // already logged in
        return;
    } catch (e) { /* not logged in: show the form */ }
    Hotline.api('GET', '/api/web/login-info').then(i => {
        document.getElementById('demo-hint').hidden = !i.labDemoUsers;
    }).catch(() => {});
    const form = document.getElementById('login-form');
    const error = document.getElementById('login-error');
    form.onsubmit = async ev => {
        ev.preventDefault();
        error.textContent = '';
        try {
            go(await Hotline.api('POST', '/api/session',
                {name: form.name.value.trim(), password: form.password.value}));
        } catch (e) {
            error.textContent = e.status === 401 ? Hotline.t('login.failed') : (e.error || Hotline.t('error.network'));
        }
    };
    form.name.focus();
})();
