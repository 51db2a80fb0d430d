"""The generated cookie key: written whole, once, and the same in every process that starts together."""

import multiprocessing

from portal.config import generated_key

PROCESSES = 8
TRIALS = 25


def _start(path, barrier, keys) -> None:
    barrier.wait()
    keys.put(generated_key(path))


def test_processes_starting_together_all_read_one_whole_key(tmp_path):
    context = multiprocessing.get_context("fork")
    for trial in range(TRIALS):
        path = tmp_path / str(trial) / "cookie_key"
        barrier, keys = context.Barrier(PROCESSES), context.Queue()
        processes = [context.Process(target=_start, args=(path, barrier, keys)) for _ in range(PROCESSES)]
        for process in processes:
            process.start()
        seen = {keys.get(timeout=60) for _ in processes}
        for process in processes:
            process.join(timeout=60)
        assert len(seen) == 1 and len(seen.pop()) == 64, f"trial {trial}"
        assert list(path.parent.iterdir()) == [path]  # no candidate left behind
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_key_once_written_is_kept(tmp_path):
    path = tmp_path / "cookie_key"
    first = generated_key(path)
    assert generated_key(path) == first == path.read_text()


def test_an_empty_key_file_is_replaced(tmp_path):
    path = tmp_path / "cookie_key"
    path.write_text("")
    key = generated_key(path)
    assert len(key) == 64 and generated_key(path) == key
