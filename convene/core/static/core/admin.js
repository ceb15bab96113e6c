// Django's admin widgets leave a few controls without a name that assistive technology
// can read out. This names them whenever the widgets are built or rows are added.
(function () {
    "use strict";

    function fieldLabel(element) {
        var row = element.closest(".form-row, .fieldBox");
        var label = row && row.querySelector("label");
        return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    }

    function nameOnce(control, name) {
        if (name && !control.hasAttribute("aria-label")) control.setAttribute("aria-label", name);
    }

    // A table of inline rows labels its columns, not its inputs: each input is named after
    // its column and its row.
    function nameInlineRows(table) {
        table.querySelectorAll("tbody tr.form-row").forEach(function (row, index) {
            row.querySelectorAll("td").forEach(function (cell) {
                var field = Array.from(cell.classList).find(function (name) {
                    return name.indexOf("field-") === 0;
                });
                var header = field && table.querySelector("th.column-" + field.slice(6));
                var column = header ? header.textContent.trim() : "";
                if (cell.classList.contains("delete")) column = "Delete";
                var inputs = cell.querySelectorAll("input:not([type=hidden]), select, textarea");
                inputs.forEach(function (input) {
                    if (!input.labels.length) nameOnce(input, column + ", row " + (index + 1));
                });
            });
        });
    }

    function nameControls() {
        // A date-time field's two inputs have only "Date:" and "Time:" as text beside them.
        document.querySelectorAll("p.datetime").forEach(function (row) {
            var inputs = row.querySelectorAll("input");
            if (inputs[0]) nameOnce(inputs[0], fieldLabel(row) + ": date");
            if (inputs[1]) nameOnce(inputs[1], fieldLabel(row) + ": time");
        });
        // The two-list selector's help icon keeps its text in aria-label, which a span
        // with no role may not carry.
        document.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (icon) {
            icon.setAttribute("role", "img");
        });
        // The autocomplete box (select2) is named after its field.
        var boxes = ".select2-selection[role=combobox], .select2-selection__rendered[role=textbox]";
        document.querySelectorAll(boxes).forEach(function (box) {
            nameOnce(box, fieldLabel(box));
        });
        document.querySelectorAll(".tabular table").forEach(nameInlineRows);
    }

    // Only added elements are watched, so naming them does not wake the observer again.
    new MutationObserver(nameControls).observe(document.documentElement, {
        childList: true,
        subtree: true,
    });
    window.addEventListener("load", nameControls);
})();
