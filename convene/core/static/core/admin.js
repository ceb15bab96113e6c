// Django's admin widgets leave a few controls without a name that assistive technology
// can read out. This names them once the widgets are built.
(function () {
    "use strict";

    function fieldLabel(element) {
        var row = element.closest(".form-row, .fieldBox");
        var label = row && row.querySelector("label");
        return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    }

    window.addEventListener("load", function () {
        // A date-time field's two inputs have only "Date:" and "Time:" as text beside them.
        document.querySelectorAll("p.datetime").forEach(function (row) {
            var inputs = row.querySelectorAll("input");
            var field = fieldLabel(row);
            if (inputs[0]) inputs[0].setAttribute("aria-label", field + ": date");
            if (inputs[1]) inputs[1].setAttribute("aria-label", field + ": time");
        });
        // The two-list selector's help icon keeps its text in aria-label, which a span
        // with no role may not carry.
        document.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (icon) {
            icon.setAttribute("role", "img");
        });
    });

    // The autocomplete box is named after its field, whenever select2 builds or rebuilds it.
    function nameAutocompletes() {
        var boxes = ".select2-selection[role=combobox], .select2-selection__rendered[role=textbox]";
        document.querySelectorAll(boxes).forEach(function (box) {
            if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", fieldLabel(box));
        });
    }
    new MutationObserver(nameAutocompletes).observe(document.documentElement, {
        childList: true,
        subtree: true,
    });
})();
