// Rich text editor (issue 14), progressive enhancement only: a <textarea data-richtext>
// (common/forms.py RichTextarea) works without this file; the server cleans whatever it
// gets (medvirk.common.richtext). With JavaScript the textarea is hidden and replaced by
// Squire (static/vendor/squire, loaded only on pages that have such a field) with the
// toolbar from the <template> rendered after the textarea: real buttons with translated
// labels and aria-pressed, one Tab stop (the ARIA toolbar pattern: arrow keys, Home and End
// move between the buttons). Nothing here writes a style attribute or a <style> element,
// so the strict Content-Security-Policy holds.
(function () {
  "use strict";
  var ALLOWED = { P: 1, BR: 1, STRONG: 1, EM: 1, UL: 1, OL: 1, LI: 1, A: 1, H2: 1, H3: 1, H4: 1 };
  var RENAMES = { B: "STRONG", I: "EM", H1: "H2", H5: "H4", H6: "H4", DIV: "P" };
  var DROPPED = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, SVG: 1, MATH: 1, HEAD: 1, TITLE: 1, META: 1, LINK: 1 };
  var BLOCKS = /^(P|H[1-6]|DIV)$/;
  var HTML_TAG = /<\/?(a|b|br|div|em|h[1-6]|i|li|ol|p|span|strong|ul)(\s[^<>]*)?\/?>/i;
  var shortcut = /Mac|iPhone|iPad/.test(navigator.platform) ? "Meta-" : "Ctrl-";
  var loading = null;

  function loadSquire(src) {
    if (window.Squire) { return Promise.resolve(); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // Pasted or loaded HTML keeps only what the server keeps (the server cleans again).
  function copyAllowed(from, to) {
    Array.prototype.forEach.call(from.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.appendChild(document.createTextNode(node.data));
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE || DROPPED[node.nodeName]) { return; }
      var tag = RENAMES[node.nodeName] || node.nodeName;
      if (!ALLOWED[tag]) { copyAllowed(node, to); return; }
      var element = document.createElement(tag);
      if (tag === "A") {
        var href = node.getAttribute("href") || "";
        if (/^(https?:|mailto:)/i.test(href)) { element.setAttribute("href", href); }
      }
      copyAllowed(node, element);
      to.appendChild(element);
    });
  }

  function sanitise(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var fragment = document.createDocumentFragment();
    copyAllowed(parsed.body, fragment);
    return fragment;
  }

  // A text saved before the editor existed may be plain text: paragraphs and line breaks.
  function asHTML(text) {
    if (!text.trim() || HTML_TAG.test(text)) { return text; }
    var escape = document.createElement("p");
    return text.trim().split(/\r?\n\s*\r?\n/).map(function (paragraph) {
      escape.textContent = paragraph;
      return "<p>" + escape.innerHTML.replace(/\r?\n/g, "<br>") + "</p>";
    }).join("");
  }

  function labelOf(textarea) {
    var label = textarea.id && document.querySelector("label[for='" + textarea.id + "']");
    if (label && !label.id) { label.id = textarea.id + "_label"; }
    return label;
  }

  function currentBlock(editor) {
    var range = editor.getSelection();
    var node = range && range.startContainer;
    var root = editor.getRoot();
    var block = null;
    var list = null;
    while (node && node !== root) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (!block && /^(P|H[2-4]|LI)$/.test(node.nodeName)) { block = node.nodeName; }
        if (!list && /^(UL|OL)$/.test(node.nodeName)) { list = node.nodeName; }
      }
      node = node.parentNode;
    }
    return { block: block, list: list };
  }

  // Turn the selected blocks (list items included) into <tag>.
  function setBlock(editor, tag) {
    editor.modifyBlocks(function (fragment) {
      var out = document.createDocumentFragment();
      function convert(node) {
        var element = document.createElement(tag);
        while (node.firstChild) { element.appendChild(node.firstChild); }
        out.appendChild(element);
      }
      Array.prototype.slice.call(fragment.childNodes).forEach(function (node) {
        if (BLOCKS.test(node.nodeName)) {
          convert(node);
        } else if (node.nodeName === "UL" || node.nodeName === "OL") {
          Array.prototype.slice.call(node.querySelectorAll("li")).forEach(convert);
        } else {
          out.appendChild(node);
        }
      });
      return out;
    });
  }

  function toggleFormat(editor, tag) {
    if (editor.hasFormat(tag)) {
      editor.changeFormat(null, { tag: tag });
    } else {
      editor.changeFormat({ tag: tag });
    }
  }

  function enhance(textarea) {
    var template = document.querySelector("template[data-richtext-for='" + textarea.id + "']");
    if (!template || textarea.dataset.richtextReady) { return; }
    textarea.dataset.richtextReady = "1";
    var wrapper = document.createElement("div");
    wrapper.className = "mv-richtext";
    wrapper.appendChild(template.content.cloneNode(true));
    var toolbar = wrapper.querySelector("[role=toolbar]");
    var dialog = wrapper.querySelector("dialog");
    var linkInput = wrapper.querySelector("[data-link-input]");
    var status = wrapper.querySelector("[data-richtext-status]");
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    var area = document.createElement("div");
    area.className = "mv-richtext__editor ds-input";
    area.id = textarea.id + "_editor";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = labelOf(textarea);
    if (label) {
      // The label now names the editor (the hidden textarea needs none).
      area.setAttribute("aria-labelledby", label.id);
      label.removeAttribute("for");
      label.addEventListener("click", function () { editor.focus(); });
    }
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (textarea.hasAttribute(name)) { area.setAttribute(name, textarea.getAttribute(name)); }
    });
    if (textarea.required) {
      area.setAttribute("aria-required", "true");
      textarea.required = false; // a hidden required field would block the form
    }
    toolbar.setAttribute("aria-controls", area.id);
    wrapper.insertBefore(area, dialog);
    textarea.insertAdjacentElement("afterend", wrapper);
    textarea.hidden = true;
    textarea.mvEditor = area; // medvirk.js: an error-summary link focuses the editor

    var editor = new window.Squire(area, { blockTag: "P", sanitizeToDOMFragment: sanitise });
    editor.setHTML(asHTML(textarea.value));
    editor.setKeyHandler(shortcut + "b", function (self, event) { event.preventDefault(); toggleFormat(self, "STRONG"); });
    editor.setKeyHandler(shortcut + "i", function (self, event) { event.preventDefault(); toggleFormat(self, "EM"); });
    editor.setKeyHandler(shortcut + "u", function () {});
    // Tab and Shift+Tab always leave the editor (Squire would indent a list item with them).
    editor.setKeyHandler("Tab", function () {});
    editor.setKeyHandler("Shift-Tab", function () {});

    function sync() { textarea.value = editor.getHTML(); }

    function refresh() {
      var where = currentBlock(editor);
      var pressed = {
        h2: where.block === "H2", h3: where.block === "H3", h4: where.block === "H4",
        p: where.block === "P", ul: where.list === "UL", ol: where.list === "OL",
        strong: editor.hasFormat("STRONG") || editor.hasFormat("B"),
        em: editor.hasFormat("EM") || editor.hasFormat("I")
      };
      buttons.forEach(function (button) {
        if (button.hasAttribute("aria-pressed")) {
          button.setAttribute("aria-pressed", pressed[button.dataset.command] ? "true" : "false");
        }
      });
    }

    function announce(button) {
      var state = button.getAttribute("aria-pressed");
      var text = button.textContent.trim();
      if (state) { text += " " + (state === "true" ? status.dataset.on : status.dataset.off); }
      status.textContent = text;
    }

    var linkRange = null;
    function closeLink(apply) {
      var url = linkInput.value.trim();
      dialog.close();
      if (linkRange) { editor.setSelection(linkRange); }
      if (apply && url) {
        if (!/^(https?:|mailto:)/i.test(url)) { url = (url.indexOf("@") > 0 ? "mailto:" : "https://") + url; }
        editor.makeLink(url);
        sync();
      }
      editor.focus();
    }

    function run(command) {
      var where = currentBlock(editor);
      if (command === "link") {
        linkRange = editor.getSelection();
        linkInput.value = "";
        dialog.showModal();
        linkInput.focus();
        return;
      }
      if (/^h[2-4]$/.test(command)) {
        setBlock(editor, where.block === command.toUpperCase() ? "P" : command.toUpperCase());
      } else if (command === "p") {
        setBlock(editor, "P");
      } else if (command === "strong" || command === "em") {
        toggleFormat(editor, command.toUpperCase());
      } else if (command === "ul" || command === "ol") {
        if (where.list === command.toUpperCase()) {
          editor.removeList();
        } else if (command === "ul") {
          editor.makeUnorderedList();
        } else {
          editor.makeOrderedList();
        }
      } else if (command === "unlink") {
        editor.removeLink();
      }
      editor.focus();
      sync();
      refresh();
    }

    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
      // Keep the editor's selection when a button is pressed with the mouse.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        run(button.dataset.command);
        if (button.dataset.command !== "link") { announce(button); }
      });
    });
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (index < 0 || next === undefined) { return; }
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[index].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    dialog.addEventListener("click", function (event) {
      var action = event.target.closest && event.target.closest("[data-link-action]");
      if (action) { closeLink(action.dataset.linkAction === "apply"); }
    });
    linkInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); closeLink(true); }
    });
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); closeLink(false); });

    editor.addEventListener("input", sync);
    editor.addEventListener("pathChange", refresh);
    editor.addEventListener("cursor", refresh);
    editor.addEventListener("select", refresh);
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var textareas = document.querySelectorAll("textarea[data-richtext]");
    if (!textareas.length || !window.DOMParser) { return; }
    loadSquire(textareas[0].dataset.richtext).then(function () {
      Array.prototype.forEach.call(textareas, enhance);
    }, function () { /* the textareas stay: the form works without the editor */ });
  });
})();
