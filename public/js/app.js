/* Small enhancements only; every page works without this file. Written in ES5 for old engines. */
(function () {
  var root = document.documentElement;
  root.className += ' has-js';
  // 姓名间隔符: insert "·" at the caret of the name field.
  document.addEventListener('click', function (event) {
    var button = event.target;
    if (!button || !button.getAttribute || !button.getAttribute('data-insert')) return;
    var input = document.getElementById(button.getAttribute('data-target'));
    if (!input) return;
    var text = button.getAttribute('data-insert');
    var start = input.selectionStart || input.value.length;
    var end = input.selectionEnd || input.value.length;
    input.value = input.value.slice(0, start) + text + input.value.slice(end);
    input.focus();
  });
  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById('error-summary');
  if (summary && summary.focus) summary.focus();
})();
