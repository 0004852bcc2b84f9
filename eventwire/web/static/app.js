// eventwire web UI: the little that needs a script.  In the article view, pointing at an item
// of the side panel lights up its words in the text, and pointing at highlighted words lights
// up their items in the panel.
(function () {
  var text = document.getElementById("article-text");
  if (!text) return;
  function light(refs, on) {
    refs.forEach(function (ref) {
      document.querySelectorAll('[data-refs~="' + ref + '"]').forEach(function (el) { el.classList.toggle("lit", on); });
      var item = document.getElementById(ref);
      if (item) item.classList.toggle("lit", on);
    });
  }
  document.querySelectorAll(".side li[data-ref]").forEach(function (li) {
    li.addEventListener("mouseenter", function () { light([li.dataset.ref], true); });
    li.addEventListener("mouseleave", function () { light([li.dataset.ref], false); });
  });
  text.querySelectorAll("span[data-refs]").forEach(function (span) {
    var refs = span.dataset.refs.split(" ");
    span.addEventListener("mouseenter", function () { light(refs, true); });
    span.addEventListener("mouseleave", function () { light(refs, false); });
  });
  // arriving from an event or quote link (#at-v1): light up what it points at
  var target = location.hash.replace("#at-", "");
  if (target && target !== location.hash) light([target], true);
})();
