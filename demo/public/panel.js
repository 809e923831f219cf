// Keeps the live panel live: countdowns tick every second and the event list refreshes itself.
// Served as a file (not inline) so the page can run under a strict Content-Security-Policy.
(function () {
  function fmt(ms) {
    var sign = ms < 0 ? '-' : '';
    var s = Math.round(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400); s -= d * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    var parts = d ? [d + ' d', h && h + ' h'] : h ? [h + ' h', m && m + ' min'] : m ? [m + ' min', s && s + ' s'] : [s + ' s'];
    return sign + parts.filter(Boolean).join(' ');
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-deadline]').forEach(function (el) {
      var left = Number(el.getAttribute('data-deadline')) - now;
      el.textContent = left > 0 ? 'in ' + fmt(left) : 'passed ' + fmt(-left) + ' ago';
    });
  }
  function clock(ms) { return new Date(ms).toISOString().slice(11, 19) + ' UTC'; }
  function refreshEvents() {
    var list = document.getElementById('events');
    if (!list) return;
    fetch('/events.json', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (events) {
      list.replaceChildren.apply(list, events.map(function (e) {
        var li = document.createElement('li');
        var tag = document.createElement('span'); tag.className = 'tag ' + e.mode; tag.textContent = e.mode;
        var type = document.createElement('span'); type.className = 'type'; type.textContent = ' ' + e.type;
        var when = document.createElement('small'); when.textContent = ' ' + clock(e.at);
        var detail = document.createElement('div'); detail.className = 'muted'; detail.textContent = e.detail;
        li.append(tag, type, when, detail);
        return li;
      }));
      if (events.length === 0) { var li = document.createElement('li'); li.className = 'muted'; li.textContent = 'Nothing yet.'; list.append(li); }
    }).catch(function () {});
  }
  tick();
  setInterval(tick, 1000);
  setInterval(refreshEvents, 2000);
})();
