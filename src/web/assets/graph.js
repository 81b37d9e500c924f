// Enhances the neighbourhood picture when JavaScript runs: pointing at or focusing a node highlights
// its links and dims the others. The picture and its links work without this file.
(function () {
  'use strict';
  function enhance(svg) {
    var nodes = svg.querySelectorAll('.node');
    function highlight(id) {
      svg.classList.toggle('dim', id !== null);
      svg.querySelectorAll('.edge').forEach(function (edge) {
        edge.classList.toggle('hl', id !== null && edge.getAttribute('data-node') === id);
      });
    }
    nodes.forEach(function (node) {
      var id = node.getAttribute('data-node');
      node.addEventListener('mouseenter', function () { highlight(id); });
      node.addEventListener('focus', function () { highlight(id); });
      node.addEventListener('mouseleave', function () { highlight(null); });
      node.addEventListener('blur', function () { highlight(null); });
    });
  }
  document.querySelectorAll('svg.graph').forEach(enhance);
})();
