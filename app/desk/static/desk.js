// The article form's glue: the media dialog, the lead and share images, inserting an image into
// the body.
// No inline script anywhere (the desk's CSP forbids it): behaviour hangs on data- attributes.
(function () {
  "use strict";
  const dialog = () => document.getElementById("media-dialog");
  // The single-image fields: the lead and share images (articles), an author's photo.
  const IMAGE_FIELDS = {
    lead: { field: "image_id", preview: "image-preview", caption: "image_caption" },
    share: { field: "og_image_id", preview: "share-preview" },
    photo: { field: "photo_id", preview: "photo-preview" },
  };

  function openMedia(target) {
    const box = dialog();
    if (!box) return;
    box.dataset.target = target;
    const kind = target === "attachment" ? "document" : "image";
    document.getElementById("media-kind").value = kind;
    box.showModal();
    htmx.ajax("GET", "/desk/media?kind=" + kind, { target: "#media-results", swap: "outerHTML" });
  }

  function choose(data) {
    if (dialog().dataset.target === "attachment") {
      const picked = document.getElementById("attachments-picked");
      if (picked.querySelector(`[data-attachment="${CSS.escape(data.mediaId)}"]`)) return;
      const item = document.createElement("li");
      item.dataset.attachment = data.mediaId;
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = "attachment_ids";
      field.value = data.mediaId;
      const name = document.createElement("span");
      name.textContent = data.filename;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.dataset.removeRelated = "";
      remove.textContent = picked.dataset.removeLabel;
      item.append(field, name, " ", remove);
      picked.append(item);
      return;
    }
    const picker = IMAGE_FIELDS[dialog().dataset.target];
    if (picker) {
      document.getElementById(picker.field).value = data.mediaId;
      const preview = document.getElementById(picker.preview);
      preview.src = data.thumb;
      preview.hidden = false;
      const caption = picker.caption && document.getElementById(picker.caption);
      if (caption && !caption.value) caption.value = data.caption || "";
      return;
    }
    const body = document.querySelector("textarea[data-rich-text]");
    if (body && body.richTextEditor) {
      body.richTextEditor.chain().focus().insertContent({
        type: "figure",
        attrs: { src: data.src, alt: data.alt || "", mediaId: data.mediaId, caption: data.caption || "" },
      }).run();
    }
  }

  document.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-open-media]");
    if (opener) { openMedia(opener.dataset.openMedia); return; }
    const pick = event.target.closest("[data-pick-media]");
    if (pick) { choose(pick.dataset); dialog().close(); return; }
    if (event.target.closest("[data-close-dialog]")) { dialog().close(); return; }
    const clear = event.target.closest("[data-clear-image]");
    if (clear) {
      const picker = IMAGE_FIELDS[clear.dataset.clearImage];
      document.getElementById(picker.field).value = "";
      document.getElementById(picker.preview).hidden = true;
    }
  });
  // The editor's "Ảnh" button asks for an image to put at the cursor.
  document.addEventListener("desk:insert-image", () => openMedia("inline"));
})();

// Related picks: a search result added to the ordered list (a hidden field each), or removed.
document.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add-related]");
  if (add) {
    const picked = document.getElementById("related-picked");
    if (picked.querySelector(`[data-related="${CSS.escape(add.dataset.id)}"]`)) return;
    const item = document.createElement("li");
    item.dataset.related = add.dataset.id;
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = "related_ids";
    field.value = add.dataset.id;
    const title = document.createElement("span");
    title.textContent = add.dataset.title;  // text, never HTML
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary";
    remove.dataset.removeRelated = "";
    remove.textContent = picked.dataset.removeLabel || "×";
    item.append(field, title, " ", remove);
    picked.append(item);
    return;
  }
  const remove = event.target.closest("[data-remove-related]");
  if (remove) remove.closest("li").remove();
});
