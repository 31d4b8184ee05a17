/* Check-in by camera, where the browser can read QR codes itself (BarcodeDetector: Chrome and
   Edge on Android, desktop Chrome). Elsewhere the button stays hidden and the text field takes
   what a USB/Bluetooth scanner types, or the code read out by the guest. No third-party code. */
(function () {
  "use strict";
  var button = document.getElementById("camera-scan");
  var input = document.getElementById("id_code");
  var video = document.getElementById("camera-video");
  if (!button || !input || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  button.hidden = false;
  var stream = null;
  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    video.hidden = true;
  }
  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      video.play();
      function tick() {
        if (!stream) { return; }
        detector.detect(video).then(function (codes) {
          var found = codes.find(function (c) { return (c.rawValue || "").indexOf("HUMAS-") === 0; });
          if (found) {
            stop();
            input.value = found.rawValue;
            input.form.submit();
          } else {
            window.requestAnimationFrame(tick);
          }
        }).catch(function () { window.requestAnimationFrame(tick); });
      }
      tick();
    }).catch(function () { stop(); });
  });
})();
