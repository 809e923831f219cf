// Fills an empty `_csrf` field before its form is sent: pages render the token only for sessions
// that already have a CSRF secret (viewing a page must not create a session), so the first POST
// of a new visitor asks for one here. Served as a file for the strict Content-Security-Policy.
(function () {
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var field = form.querySelector('input[name="_csrf"]');
    if (!field || field.value) return;
    event.preventDefault();
    fetch(field.getAttribute('data-token-url'), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        field.value = body.token;
        form.requestSubmit(event.submitter || undefined);
      });
  });
})();
