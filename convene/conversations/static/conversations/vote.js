// Vote without a page load: post the form with fetch and swap in the card the server renders.
// Without this script the same form posts, redirects and shows the next statement.
(function () {
    "use strict";

    // The card's contents change, not the card: it is the live region that announces the
    // next statement, and a region that is itself replaced is not read out.
    function showCard(card, html) {
        var fresh = new DOMParser()
            .parseFromString(html, "text/html")
            .querySelector("[data-statement-card]");
        if (!fresh) return false;
        card.replaceChildren.apply(card, Array.from(fresh.childNodes));
        card.removeAttribute("aria-busy");
        // Focus stays in the card, on the new statement rather than on Agree, so a second
        // tap or Enter can't agree with a statement nobody has read yet.
        var next = card.querySelector("[data-statement-text]") || card.querySelector("a, button");
        if (next) next.focus({ preventScroll: true });
        return true;
    }

    // The vote didn't arrive or wasn't saved: say so, and leave the statement to vote again.
    function showProblem(card, form, text, withReload) {
        var problem = card.querySelector("[data-vote-problem]");
        if (!problem) {
            problem = document.createElement("p");
            problem.className = "message error";
            problem.setAttribute("role", "alert");
            problem.setAttribute("data-vote-problem", "");
            card.insertBefore(problem, card.firstChild);
        }
        problem.textContent = text + " ";
        if (withReload) {
            var link = document.createElement("a");
            link.href = window.location.href;
            link.textContent = "Reload the page";
            problem.appendChild(link);
        }
        card.removeAttribute("aria-busy");
        form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
    }

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
        card.setAttribute("aria-busy", "true");
        fetch(form.action, {
            method: "POST",
            body: data,
            headers: { "X-Requested-With": "fetch" },
            credentials: "same-origin",
        }).then(function (response) {
            return response.text().then(function (html) {
                // A refused vote comes back as the card with its reason; anything else (an
                // expired page, a server error) is not a card.
                if (showCard(card, html)) return;
                var expired = response.status === 403;
                showProblem(
                    card,
                    form,
                    expired
                        ? "Your vote wasn't saved: this page has expired."
                        : "Your vote wasn't saved: the site had a problem. Try again in a moment.",
                    expired
                );
            });
        }).catch(function () {
            showProblem(
                card,
                form,
                "Your vote wasn't sent: check your connection, then try again.",
                false
            );
        });
    });
})();
