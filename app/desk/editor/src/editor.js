// The desk's rich-text editor: Tiptap (ProseMirror) over a <textarea data-rich-text>.
// The textarea stays the form field (the page works without JavaScript): the editor replaces
// it on screen and writes its HTML back on every change. Labels come from the page
// (data-labels, translated by the desk's catalogs), so this file holds no language.
import { Editor, Node } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import Link from "@tiptap/extension-link";
import Table from "@tiptap/extension-table";
import TableRow from "@tiptap/extension-table-row";
import TableCell from "@tiptap/extension-table-cell";
import TableHeader from "@tiptap/extension-table-header";

// An image with its caption as the public HTML carries it: <figure><img><figcaption>.
// An <img> met alone (an old body) becomes a figure without caption.
function imageAttrs(img, figure) {
  return {
    src: img.getAttribute("src"),
    alt: img.getAttribute("alt") || "",
    mediaId: img.getAttribute("data-media-id"),
    caption: (figure && figure.querySelector("figcaption")?.textContent) || "",
  };
}

const Figure = Node.create({
  name: "figure",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { src: { default: null }, alt: { default: "" }, mediaId: { default: null },
             caption: { default: "" } };
  },
  parseHTML() {
    return [
      { tag: "figure", getAttrs: (el) => { const img = el.querySelector("img");
                                           return img ? imageAttrs(img, el) : false; } },
      { tag: "img[src]", getAttrs: (img) => imageAttrs(img, null) },
    ];
  },
  renderHTML({ node }) {
    const { src, alt, mediaId, caption } = node.attrs;
    const img = ["img", mediaId ? { src, alt, "data-media-id": mediaId } : { src, alt }];
    return caption ? ["figure", {}, img, ["figcaption", {}, caption]] : ["figure", {}, img];
  },
});

// A video or a map (app/articles/embeds.py): kept as the stored figure the server made, or as
// the address just pasted (`data-embed-url`, which the server recognises on save: an address
// from a provider not allowed is refused there, next to the body). Shown as a box naming it:
// the desk's pages load no third-party player.
function embedAttrs(figure) {
  return {
    provider: figure.getAttribute("data-embed"),
    ref: figure.getAttribute("data-embed-ref"),
    url: figure.getAttribute("data-embed-url"),
    caption: figure.querySelector("figcaption")?.textContent || "",
  };
}

const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { provider: { default: null }, ref: { default: null }, url: { default: null },
             caption: { default: "" } };
  },
  parseHTML() {
    return [
      { tag: "figure[data-embed]", getAttrs: embedAttrs },
      { tag: "figure[data-embed-url]", getAttrs: embedAttrs },
    ];
  },
  renderHTML({ node }) {
    const { provider, ref, url, caption } = node.attrs;
    const attrs = provider ? { "data-embed": provider, "data-embed-ref": ref }
                           : { "data-embed-url": url };
    return caption ? ["figure", attrs, ["figcaption", {}, caption]] : ["figure", attrs];
  },
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure");
      dom.className = "embed-placeholder";
      dom.dataset.embed = node.attrs.provider || "";
      const name = document.createElement("span");
      name.textContent = "▶ " + (node.attrs.provider
        ? node.attrs.provider + ": " + node.attrs.ref : node.attrs.url);
      dom.append(name);
      if (node.attrs.caption) {
        const caption = document.createElement("figcaption");
        caption.textContent = node.attrs.caption;
        dom.append(caption);
      }
      return { dom };
    };
  },
});

const BUTTONS = [
  ["bold", (e) => e.chain().focus().toggleBold().run(), (e) => e.isActive("bold")],
  ["italic", (e) => e.chain().focus().toggleItalic().run(), (e) => e.isActive("italic")],
  ["heading2", (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
   (e) => e.isActive("heading", { level: 2 })],
  ["heading3", (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
   (e) => e.isActive("heading", { level: 3 })],
  ["bulletList", (e) => e.chain().focus().toggleBulletList().run(), (e) => e.isActive("bulletList")],
  ["orderedList", (e) => e.chain().focus().toggleOrderedList().run(),
   (e) => e.isActive("orderedList")],
  ["blockquote", (e) => e.chain().focus().toggleBlockquote().run(), (e) => e.isActive("blockquote")],
  ["link", (e, labels) => {
    const previous = e.getAttributes("link").href || "https://";
    const href = window.prompt(labels.linkPrompt, previous);
    if (href === null) return;
    if (href === "") e.chain().focus().extendMarkRange("link").unsetLink().run();
    else e.chain().focus().extendMarkRange("link").setLink({ href }).run();
  }, (e) => e.isActive("link")],
  ["table", (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
   () => false],
  ["image", (e, labels, textarea) => {
    // The page chooses the image (the desk's media dialog) and inserts it as a figure.
    textarea.dispatchEvent(new CustomEvent("desk:insert-image", { bubbles: true }));
  }, () => false],
  ["embed", (e, labels) => {
    const url = window.prompt(labels.embedPrompt, "https://");
    if (url && url !== "https://") {
      e.chain().focus().insertContent({ type: "embed", attrs: { url: url.trim() } }).run();
    }
  }, () => false],
  ["caption", (e, labels) => {
    const { node } = e.state.selection;
    if (!node || !["figure", "embed"].includes(node.type.name)) return;
    const caption = window.prompt(labels.captionPrompt, node.attrs.caption);
    if (caption !== null) e.chain().focus().updateAttributes(node.type.name, { caption }).run();
  }, () => false],
  ["undo", (e) => e.chain().focus().undo().run(), () => false],
  ["redo", (e) => e.chain().focus().redo().run(), () => false],
];

function mount(textarea) {
  const labels = JSON.parse(textarea.dataset.labels || "{}");
  const wrapper = document.createElement("div");
  wrapper.className = "rich-text";
  const toolbar = document.createElement("div");
  toolbar.className = "rich-text-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", labels.toolbar || "");
  const surface = document.createElement("div");
  wrapper.append(toolbar, surface);
  textarea.after(wrapper);
  textarea.hidden = true;

  const editor = new Editor({
    element: surface,
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3, 4] } }),
      Link.configure({ openOnClick: false, autolink: true }),
      Table.configure({ resizable: false }), TableRow, TableHeader, TableCell,
      Figure, Embed,
    ],
    content: textarea.value,
    editorProps: {
      attributes: {
        class: "rich-text-body", role: "textbox", "aria-multiline": "true",
        "aria-labelledby": textarea.id + "-label", id: textarea.id + "-editor",
        lang: document.documentElement.lang,
      },
    },
    onUpdate: ({ editor }) => {
      textarea.value = editor.getHTML();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  const buttons = BUTTONS.map(([name, run, active]) => {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.command = name;
    button.textContent = labels[name] || name;
    button.addEventListener("click", () => run(editor, labels, textarea));
    toolbar.append(button);
    return [button, active];
  });
  const refresh = () => buttons.forEach(([button, active]) =>
    button.setAttribute("aria-pressed", String(active(editor))));
  editor.on("selectionUpdate", refresh);
  editor.on("transaction", refresh);
  textarea.richTextEditor = editor;
  return editor;
}

function mountAll(root) {
  root.querySelectorAll("textarea[data-rich-text]").forEach((textarea) => {
    if (!textarea.richTextEditor) mount(textarea);
  });
}

window.NewsdeskEditor = { mount, mountAll };
document.addEventListener("DOMContentLoaded", () => mountAll(document));
