/*
 * 个人承诺书 signature pad (教师资格认定 步骤四 ②). Enhances a [data-signature-pad] block that works without scripts
 * (a file input for a photo of the signed promise): adds a canvas to sign on with a finger or a mouse, a 清除签名
 * button, and on submit puts the drawing as a PNG data URL into the block's hidden input (name="signatureData").
 * ES5 for old engines; pointer events where they exist, mouse and touch events otherwise (360 compat mode, old phones).
 */
(function () {
  if (!document.querySelectorAll || !document.createElement('canvas').getContext) return;
  var blocks = document.querySelectorAll('[data-signature-pad]');
  for (var i = 0; i < blocks.length; i++) setUp(blocks[i]);

  function setUp(block) {
    var hidden = block.querySelector('input[type=hidden]');
    if (!hidden) return;
    var canvas = document.createElement('canvas');
    var width = Math.max(260, Math.min(560, block.clientWidth || 560));
    canvas.width = width;
    canvas.height = 200;
    canvas.className = 'signature-canvas';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', '签名框：按住鼠标或用手指在此书写签名');
    var hint = document.createElement('p');
    hint.className = 'hint';
    hint.appendChild(document.createTextNode('请在下方框内用手指或鼠标书写签名；也可以不在此签名，改为上传签名后的个人承诺书照片。'));
    var clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'secondary';
    clear.appendChild(document.createTextNode('清除签名'));
    var first = block.firstChild;
    block.insertBefore(hint, first);
    block.insertBefore(canvas, first);
    block.insertBefore(clear, first);

    var ctx = canvas.getContext('2d');
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
    var drawing = false;
    var drawn = false;
    var last = null;

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      var source = event.touches && event.touches.length ? event.touches[0] : event;
      return { x: (source.clientX - rect.left) * (canvas.width / rect.width), y: (source.clientY - rect.top) * (canvas.height / rect.height) };
    }
    function start(event) {
      drawing = true;
      last = point(event);
      ctx.beginPath();
      ctx.arc(last.x, last.y, 1.2, 0, Math.PI * 2);
      ctx.fillStyle = '#111';
      ctx.fill();
      if (event.preventDefault) event.preventDefault();
    }
    function move(event) {
      if (!drawing) return;
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
      drawn = true;
      if (event.preventDefault) event.preventDefault();
    }
    function end() { drawing = false; }

    if (window.PointerEvent) {
      canvas.addEventListener('pointerdown', function (e) { if (canvas.setPointerCapture) canvas.setPointerCapture(e.pointerId); start(e); });
      canvas.addEventListener('pointermove', move);
      canvas.addEventListener('pointerup', end);
      canvas.addEventListener('pointercancel', end);
    } else {
      canvas.onmousedown = start;
      canvas.onmousemove = move;
      document.addEventListener('mouseup', end);
      if (canvas.addEventListener) {
        canvas.addEventListener('touchstart', start, false);
        canvas.addEventListener('touchmove', move, false);
        canvas.addEventListener('touchend', end, false);
      }
    }
    clear.onclick = function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      hidden.value = '';
    };
    var form = block.form || closestForm(block);
    if (form) {
      form.addEventListener('submit', function () { hidden.value = drawn ? canvas.toDataURL('image/png') : ''; });
    }
  }

  function closestForm(el) {
    while (el && el.nodeName !== 'FORM') el = el.parentNode;
    return el;
  }
})();
