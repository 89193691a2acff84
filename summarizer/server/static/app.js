// The web page: submit a document as a job, poll it, show the brief beside its highlighted source.
"use strict";
(function () {
  const form = document.getElementById("submit-form");
  const text = document.getElementById("text");
  const fileInput = document.getElementById("file");
  const drop = document.getElementById("drop");
  const fileName = document.getElementById("file-name");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const tokenInput = document.getElementById("token");
  let file = null;

  function headers() {
    const h = {};
    const token = tokenInput ? tokenInput.value.trim() : "";
    if (token) h["Authorization"] = "Bearer " + token;
    return h;
  }
  function say(message, kind) {
    status.textContent = message;
    status.className = kind || "";
  }
  async function problem(response) {
    try {
      const p = await response.json();
      return (p.title || "Error") + ": " + (p.detail || response.status);
    } catch (e) {
      return "HTTP " + response.status;
    }
  }
  function choose(f) {
    file = f;
    fileName.textContent = f ? f.name : "";
  }

  fileInput.addEventListener("change", () => choose(fileInput.files[0] || null));
  ["dragenter", "dragover"].forEach((name) =>
    drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach((name) =>
    drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.remove("over"); }));
  drop.addEventListener("drop", (e) => choose(e.dataTransfer.files[0] || null));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    result.replaceChildren();
    let body;
    const h = headers();
    if (file) {
      body = new FormData();
      body.append("file", file, file.name);
    } else if (text.value.trim()) {
      body = JSON.stringify({ text: text.value });
      h["Content-Type"] = "application/json";
    } else {
      say("Paste a document or choose a file first.", "error");
      return;
    }
    say("Submitting…");
    const response = await fetch("/v1/jobs", { method: "POST", headers: h, body: body });
    if (response.status !== 202) {
      say(await problem(response), "error");
      return;
    }
    const job = await response.json();
    await follow(job.id);
  });

  async function follow(id) {
    const started = Date.now();
    for (;;) {
      const response = await fetch("/v1/jobs/" + id, { headers: headers() });
      if (!response.ok) {
        say(await problem(response), "error");
        return;
      }
      const job = await response.json();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      say("Job " + id.slice(0, 8) + ": " + job.stage + (job.cached ? " (already summarized)" : "") + " · " + seconds + " s",
          job.state === "failed" ? "error" : "");
      if (job.state === "failed") {
        say("Job failed: " + (job.problem ? job.problem.detail : "unknown error"), "error");
        return;
      }
      if (job.state === "cancelled") return;
      if (job.state === "done") {
        await show(id);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  async function show(id) {
    const response = await fetch("/v1/jobs/" + id + "/brief?format=html", { headers: headers() });
    if (!response.ok) {
      say(await problem(response), "error");
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const main = page.querySelector("main");
    result.replaceChildren(document.importNode(main, true));
    result.dataset.job = id;
    result.querySelectorAll(".item[data-start]").forEach((item) => item.addEventListener("click", () => point(item)));
    say("Done: highlighted items were found in the source; rejected ones are listed.", "done");
  }

  function point(item) {
    // Scroll the source to the first mark of the item's kind that lies within its span.
    const kind = ["quote", "actor", "number", "uncertainty"].find((k) => item.classList.contains(k));
    const marks = result.querySelectorAll(".source mark." + kind);
    const text = item.textContent.replace(/[“”]/g, "").split(" — ")[0].trim().slice(0, 20);
    for (const mark of marks) {
      if (mark.textContent.includes(text) || text.includes(mark.textContent.trim())) {
        mark.scrollIntoView({ block: "center", behavior: "smooth" });
        mark.classList.add("pointed");
        setTimeout(() => mark.classList.remove("pointed"), 1500);
        return;
      }
    }
  }
})();
