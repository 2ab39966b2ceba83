// GovTasks page helpers. Everything works without this file; it only adds conveniences.
// (Loaded from /static: the CSP allows no inline script.)
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // the filter form applies a choice of district / year / has-target at once
  document.querySelectorAll("form.filters select, form.filters input[type=checkbox]").forEach((el) => {
    el.addEventListener("change", () => el.form.requestSubmit());
  });
  // uploads: a progress bar while the files go up (the server then runs the batch)
  const form = document.querySelector("form.upload");
  if (form && window.XMLHttpRequest) {
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const bar = form.querySelector("progress");
      const status = form.querySelector(".upload-status");
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "text/html");
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      });
      xhr.upload.addEventListener("load", () => { status.textContent = "已上传，正在处理……"; });
      xhr.addEventListener("load", () => {
        const page = new DOMParser().parseFromString(xhr.responseText, "text/html");
        document.querySelector("main").replaceWith(page.querySelector("main"));
      });
      xhr.addEventListener("error", () => { status.textContent = "上传失败，请重试。"; });
      bar.hidden = false;
      xhr.send(new FormData(form));
    });
  }
});
