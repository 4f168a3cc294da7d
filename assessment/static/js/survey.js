// Progressive enhancement: hide a question whose condition on an earlier answer of the same page
// does not hold. Without JavaScript every question shows, with a sentence saying when it applies.
(function () {
  "use strict";
  var dependents = document.querySelectorAll("fieldset[data-depends]");
  if (!dependents.length) { return; }
  function update() {
    dependents.forEach(function (fieldset) {
      var parts = fieldset.getAttribute("data-depends").split(":");
      var inputs = document.querySelectorAll('input[name="' + parts[0] + '"]');
      if (!inputs.length) { return; } // the condition is on another page: the server decides
      var wanted = parts[1].split(",");
      var shown = Array.prototype.some.call(inputs, function (input) {
        return input.checked && wanted.indexOf(input.value) !== -1;
      });
      fieldset.hidden = !shown;
    });
  }
  document.addEventListener("change", update);
  update();
})();
