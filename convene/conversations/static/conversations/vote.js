// Vote without a page load: post the form with fetch and swap in the card the server renders.
// Without this script the same form posts, redirects and shows the next statement.
(function () {
    "use strict";
    document.addEventListener("submit", function (event) {
        var form = event.target.closest("[data-vote-form]");
        if (!form) return;
        var card = form.closest("[data-statement-card]");
        var data = new FormData(form);
        if (event.submitter && event.submitter.name) {
            data.append(event.submitter.name, event.submitter.value);
        }
        event.preventDefault();
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
        fetch(form.action, {
            method: "POST",
            body: data,
            headers: { "X-Requested-With": "fetch" },
            credentials: "same-origin",
        }).then(function (response) {
            return response.text();
        }).then(function (html) {
            card.outerHTML = html;
            var next = document.querySelector("[data-statement-card]");
            var button = next && next.querySelector("button");
            if (button) button.focus({ preventScroll: true });
        }).catch(function () {
            // Offline or the server failed: show the page as it stands, votes and all.
            window.location.reload();
        });
    });
})();
