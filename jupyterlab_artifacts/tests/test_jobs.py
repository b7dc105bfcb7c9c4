"""Job arithmetic: rate over the last seconds, time left, phases, the JSON the frontend reads."""

from __future__ import annotations

from jupyterlab_artifacts import jobs


def test_rate_and_time_left(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(jobs.time, "monotonic", lambda: now[0])
    job = jobs.Job("import", "data")
    job.set_phase("downloading", 1_000_000, None)
    assert job.to_json()["rate"] is None
    for i in range(1, 11):
        now[0] += 0.5
        job.progress(i * 50_000)
    state = job.to_json()
    # 50 kB every 0.5 s, over the window kept (the last 5 s).
    assert abs(state["rate"] - 100_000) < 1
    assert abs(state["secondsLeft"] - 5.0) < 0.01
    assert state["bytesDone"] == 500_000 and state["bytesTotal"] == 1_000_000
    assert state["phase"] == "downloading" and state["finishedAt"] is None


def test_new_phase_resets_progress(monkeypatch):
    job = jobs.Job("publish", "p.zip")
    job.set_phase("zipping", 10, 2)
    job.progress(10, 2)
    job.set_phase("uploading", 7, None)
    state = job.to_json()
    assert (state["bytesDone"], state["bytesTotal"], state["filesDone"], state["filesTotal"]) == (
        0,
        7,
        0,
        None,
    )


def test_finished_job_has_no_rate_and_keeps_its_result():
    job = jobs.Job("import", "x")
    job.set_phase("writing", 5, 1)
    job.progress(5, 1)
    job.finish("done", result={"path": "x", "files": 1, "bytes": 5})
    state = job.to_json()
    assert state["rate"] is None and state["secondsLeft"] is None
    assert state["result"] == {"path": "x", "files": 1, "bytes": 5}
    assert state["finishedAt"].endswith("Z") and state["startedAt"].endswith("Z")
