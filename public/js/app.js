/* Small enhancements only; every page works without this file. Written in ES5 for old engines. */
(function () {
  var root = document.documentElement;
  root.className += ' has-js' + (window.htmx ? ' has-htmx' : '');
  // 提交 once: a second click while the first submission is on its way does nothing (the server is idempotent anyway).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.getAttribute('data-submitting')) { event.preventDefault(); return; }
    if (form.querySelector && form.querySelector('[data-once]')) form.setAttribute('data-submitting', '1');
  });
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
  // Show/hide password: a button after each password field (only when scripts run).
  var passwords = document.querySelectorAll ? document.querySelectorAll('input[type=password]') : [];
  for (var i = 0; i < passwords.length; i++) {
    (function (input) {
      var toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.className = 'link toggle-password';
      toggle.appendChild(document.createTextNode('显示密码'));
      toggle.setAttribute('aria-controls', input.id);
      toggle.onclick = function () {
        var show = input.type === 'password';
        try { input.type = show ? 'text' : 'password'; } catch (_refused) { return; } // very old engines refuse
        toggle.firstChild.nodeValue = show ? '隐藏密码' : '显示密码';
      };
      input.parentNode.insertBefore(toggle, input.nextSibling);
    })(passwords[i]);
  }
  // The bureau cascade refreshes when a select changes; a chosen point or the search box must not
  // trigger that refresh (nothing depends on them, and the search refreshes only the points itself).
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.tagName === 'INPUT' && target.name && (target.name === 'pointId' || target.name === 'q')) {
      var node = target.parentNode;
      while (node && node !== document) {
        if (node.className && String(node.className).indexOf('cascade-host') !== -1) { event.stopPropagation(); return; }
        node = node.parentNode;
      }
    }
  }, true);
  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById('error-summary');
  if (summary && summary.focus) summary.focus();
})();
