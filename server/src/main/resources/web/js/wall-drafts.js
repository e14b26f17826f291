// The supervisor's view of the agents' unsubmitted calls (未提交工单): calls whose typed draft has no order yet and
// was not dismissed, oldest first, from GET /api/supervisor/drafts every 15 s (docs/web.md).
'use strict';
(async () => {
    const {t, api, el} = Hotline;
    const $ = id => document.getElementById(id);
    await Hotline.loadTexts();
    let drafts = [];
    function render() {
        $('wall-drafts-count').textContent = drafts.length ? ' ' + drafts.length : '';
        $('wall-drafts').replaceChildren(...(drafts.length ? drafts.map(d => {
            const summary = ((d.draft && d.draft.summary) || '').trim();
            return el('tr', {'data-call': d.callId},
                el('td', {}, d.agentId),
                el('td', {}, d.callerNumber || '—'),
                el('td', {}, Hotline.time(d.openedAt)),
                el('td', {}, summary.length > 30 ? summary.slice(0, 30) + '…' : summary || t('adesk.noSummary')));
        }) : [el('tr', {}, el('td', {class: 'muted'}, t('adesk.noUnsubmitted')))]));
    }
    async function load() {
        try {
            drafts = (await api('GET', '/api/supervisor/drafts')).drafts;
        } catch (e) {
            return; // shown as it was; the next poll tries again
        }
        render();
    }
    document.addEventListener('hotline:lang', render);
    await load();
    setInterval(load, 15000);
})();
