// The door search: as the volunteer types, ask the server for the results and swap them in.
// Without this file the Search button does the same with a page load.
(function () {
    "use strict";
    var input = document.querySelector("[data-door-search]");
    var results = document.querySelector("[data-door-results]");
    if (!input || !results || !window.fetch || !window.URLSearchParams) {
        return;
    }
    var action = input.form.getAttribute("action");
    var timer = null;
    var latest = 0;

    function search() {
        var q = input.value.trim();
        var query = new URLSearchParams({ q: q }).toString();
        var asked = ++latest;
        fetch(action + "?" + query, {
            headers: { "X-Requested-With": "fetch" },
            credentials: "same-origin",
        })
            .then(function (response) {
                // A redirect means the log-in ran out: keep the page, the Search button works.
                if (!response.ok || response.redirected) {
                    return Promise.reject(response.status);
                }
                return response.text();
            })
            .then(function (html) {
                // Answers can come back out of order; only the latest typing counts.
                if (asked !== latest) {
                    return;
                }
                results.innerHTML = html;
                window.history.replaceState(null, "", q ? action + "?" + query : action);
            })
            .catch(function () {
                // The network is down or slow: the Search button still submits the form.
            });
    }

    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(search, 150);
    });
})();
