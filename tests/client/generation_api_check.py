#!/usr/bin/env python3
"""A Generation API client that knows only the contract (../shared/generation-api.md).

It does what an Infinity user's notebook does: submit a preview batch and a video batch,
poll the summaries, download every result_url without auth, unzip everything into one
folder and check the files. Usage: BASE_URL=http://localhost:3000 TOKEN=inf_... python3 this.py
Exits non-zero with a reason on the first problem; prints a JSON report on success.
"""
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

import requests

BASE = os.environ["BASE_URL"].rstrip("/") + "/"
HEADERS = {"Authorization": "Token " + os.environ["TOKEN"]}
GENERATOR = "visionfit-flagship-v0.1.0"
SMALL = {"image_width": 128, "image_height": 128}


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def call(method, path, **kwargs):
    response = requests.request(method, BASE + path, headers=HEADERS, timeout=60, allow_redirects=False, **kwargs)
    if response.status_code >= 300:
        fail(f"{method} /{path} answered {response.status_code}: {response.text[:300]}")
    return response.json()


def submit(name, jobs):
    batch = call("POST", "api/batch/", json={"name": name, "job_runs": jobs})
    if len(batch["job_runs"]) != len(jobs):
        fail("the created batch does not list every job")
    return batch


def wait(batch_id, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        summary = call("GET", f"api/batch/{batch_id}/summary/")
        if all(not job["in_progress"] for job in summary["job_runs"]):
            return summary["job_runs"]
        time.sleep(1)
    fail(f"batch {batch_id} did not finish within {timeout} s")


def ffprobe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name,pix_fmt,r_frame_rate,nb_read_frames", "-of", "json", path],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)["streams"][0]


def png_decodes(path):
    return subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "null", "-"], capture_output=True).returncode == 0


def main():
    generators = call("GET", "api/jobs/")
    if GENERATOR not in [g["name"] for g in generators]:
        fail(f"{GENERATOR} is not offered")
    # The client leaves out what it treats as optional: a batch name (estimating samples sends
    # none, or None), is_preview, param_values.
    for body in ({"job_runs": [{"name": GENERATOR}]}, {"name": None, "job_runs": [{"name": GENERATOR, "is_preview": True}]}):
        frames = call("POST", "api/batch/estimate/", json=body)
        if len(frames) != 1 or not isinstance(frames[0], int) or frames[0] < 1:
            fail(f"estimating {body} answered {frames}")
    unnamed = call("POST", "api/batch/", json={"job_runs": [{"name": GENERATOR, "is_preview": True, "param_values": SMALL}]})
    if not unnamed["name"]:
        fail("a batch submitted without a name has no name")
    previews = submit("contract previews", [
        {"name": GENERATOR, "is_preview": True, "param_values": dict(SMALL, exercise=e)} for e in ("SQUAT", "PUSHUP", "LUNGE-LEFT")])
    videos = submit("contract videos", [
        {"name": GENERATOR, "is_preview": False, "param_values": dict(SMALL, exercise="ARM_RAISE", frame_rate=rate, num_reps=1)} for rate in (6, 12)])

    out = tempfile.mkdtemp(prefix="infinity-contract-")
    report = {"jobs": 0, "pngs": 0, "videos": []}
    for batch in (previews, videos):
        jobs = wait(batch["id"])
        params = {job["id"]: job["param_values"] for job in batch["job_runs"]}
        for job in jobs:
            if not isinstance(job["result_url"], str):
                fail(f"job {job['id']} finished without a result_url")
            response = requests.get(job["result_url"], timeout=60, allow_redirects=False)  # no auth header
            if response.status_code != 200:
                fail(f"result_url of {job['id']} answered {response.status_code}")
            zipfile.ZipFile(io.BytesIO(response.content)).extractall(out)
            folder = os.path.join(out, job["id"])
            labels = json.load(open(os.path.join(folder, "labels.json")))
            job_json = json.load(open(os.path.join(folder, "job.json")))
            if job_json["params"] != params[job["id"]]:
                fail(f"job.json of {job['id']} does not hold its resolved parameters")
            for name in ("video_preview.png",):
                if not png_decodes(os.path.join(folder, name)):
                    fail(f"{name} of {job['id']} does not decode")
                report["pngs"] += 1
            with zipfile.ZipFile(os.path.join(folder, "segmentation.zip")) as seg:
                masks = [n for n in seg.namelist() if n.endswith(".png")]
                if len(masks) != 2 * len(labels["images"]):
                    fail(f"segmentation.zip of {job['id']} has {len(masks)} masks for {len(labels['images'])} frames")
            if batch is videos:
                stream = ffprobe(os.path.join(folder, "video.mp4"))
                rate = params[job["id"]]["frame_rate"]
                if stream["codec_name"] != "h264" or stream["pix_fmt"] != "yuv420p":
                    fail(f"video of {job['id']} is {stream['codec_name']}/{stream['pix_fmt']}")
                if stream["r_frame_rate"] != f"{rate}/1":
                    fail(f"video of {job['id']} plays at {stream['r_frame_rate']}, expected {rate}")
                if int(stream["nb_read_frames"]) != len(labels["images"]):
                    fail(f"video of {job['id']} has {stream['nb_read_frames']} frames, labels have {len(labels['images'])}")
                report["videos"].append({"fps": rate, "frames": int(stream["nb_read_frames"])})
            elif len(labels["images"]) != 1:
                fail(f"preview {job['id']} has {len(labels['images'])} frames")
            report["jobs"] += 1
    # Unzipped into one folder, the jobs of a batch appear side by side, as the batch layout.
    folders = sorted(d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d)))
    if len(folders) != 5:
        fail(f"expected 5 job folders after unzipping, found {len(folders)}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
