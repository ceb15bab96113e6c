// Statement boxes: say how many characters are left as people type, so nobody finds out only
// after sending. The server still counts, and keeps the text when it refuses it.
(function () {
    "use strict";
    document.querySelectorAll("textarea[data-count-to]").forEach(function (box) {
        var limit = parseInt(box.getAttribute("data-count-to"), 10);
        var counter = document.createElement("p");
        counter.className = "meta character-count";
        counter.id = box.id + "-count";
        box.insertAdjacentElement("afterend", counter);
        var described = box.getAttribute("aria-describedby");
        box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

        function update() {
            // As the server counts: runs of whitespace as one space, none at the ends.
            var length = box.value.trim().split(/\s+/).join(" ").length;
            var left = limit - length;
            counter.textContent = left >= 0
                ? left + " character" + (left === 1 ? "" : "s") + " left"
                : -left + " character" + (left === -1 ? "" : "s") + " too many";
            counter.classList.toggle("over", left < 0);
        }

        box.addEventListener("input", update);
        update();
    });
})();
