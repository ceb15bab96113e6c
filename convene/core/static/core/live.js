// Live pages: swap in the HTML fragments the server pushes; never build HTML here.
//
// The element carrying data-live-socket="/ws/…" (a conversation, an event's door) opts in. Each
// message is {"fragments": {"<element id>": "<html>"}}; every element with that id gets the new
// HTML. The same element's data-live-state says "connecting", "open" or "closed" (for CSS).
(function () {
    "use strict";
    var root = document.querySelector("[data-live-socket]");
    if (!root || !("WebSocket" in window)) {
        return;
    }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + root.getAttribute("data-live-socket");
    var delay = 1000;
    var connectedBefore = false;

    // A swap can take away the element that had focus (a closed conversation's vote buttons
    // go), and focus would fall back to the top of the page: it moves instead to the part of
    // the new HTML marked data-live-focus, which says what happened.
    function keepFocus(swapped, hadFocus) {
        if (!hadFocus || hadFocus === document.body) {
            return;
        }
        if (hadFocus.isConnected && (!hadFocus.checkVisibility || hadFocus.checkVisibility())) {
            return;
        }
        for (var i = 0; i < swapped.length; i++) {
            var target = swapped[i].querySelector("[data-live-focus]");
            if (target) {
                target.focus();
                return;
            }
        }
    }

    function swap(fragments) {
        var hadFocus = document.activeElement;
        var swapped = [];
        Object.keys(fragments).forEach(function (id) {
            var element = document.getElementById(id);
            if (element) {
                element.innerHTML = fragments[id];
                swapped.push(element);
            }
        });
        keepFocus(swapped, hadFocus);
    }

    function connect() {
        root.setAttribute("data-live-state", "connecting");
        // After a drop, ask the server to push the current state to the group once.
        var socket = new WebSocket(connectedBefore ? url + "?reconnect=1" : url);
        socket.onopen = function () {
            connectedBefore = true;
            delay = 1000;
            root.setAttribute("data-live-state", "open");
        };
        socket.onmessage = function (event) {
            var message;
            try {
                message = JSON.parse(event.data);
            } catch (error) {
                return;
            }
            if (message && message.fragments) {
                swap(message.fragments);
            }
        };
        socket.onclose = function () {
            root.setAttribute("data-live-state", "closed");
            // Back off, with jitter so a room of phones doesn't reconnect in one wave.
            window.setTimeout(connect, delay + Math.random() * delay);
            delay = Math.min(delay * 2, 30000);
        };
    }

    connect();
})();
