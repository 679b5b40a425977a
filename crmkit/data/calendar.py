"""The shopping calendar as arrays: how busy each day is, and which campaign runs on it.

The intensity of a day multiplies a customer's purchase rate: Double 11 and 618 spike, the
Spring Festival week (logistics shutdown) dips, weekends are a little busier. Intensities are
normalised to an average of 1 over the data window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Calendar:
    start: dt.date
    days: int
    intensity: np.ndarray  # float64[days], mean 1
    cumulative: np.ndarray  # float64[days + 1], cumulative[d] = sum(intensity[:d])
    event_of_day: np.ndarray  # int32[days], index into events or -1
    events: list[dict]  # the events that overlap the window, in order
    peak_days: np.ndarray  # int32: day indices of promotion peaks (busy warehouses)
    window_day: int  # day index where the data window starts (days before it are burn-in history)

    def day_of(self, when: dt.date) -> int:
        return (when - self.start).days


def build_calendar(window_start: dt.date, end: dt.date, reference: dict, history_days: int = 0) -> Calendar:
    """Daily intensity from ``history_days`` before ``window_start`` to ``end`` (inclusive).

    The history is simulated (so the customer base is in a steady state when the data window
    opens) but only the window is written to the database."""
    start = window_start - dt.timedelta(days=history_days)
    days = (end - start).days + 1
    weekday = np.array(reference["weekly"]["multipliers"], dtype=float)
    first_weekday = start.weekday()
    intensity = weekday[(np.arange(days) + first_weekday) % 7].copy()
    event_of_day = np.full(days, -1, dtype=np.int32)
    events = [e for e in reference["events"] if e["end"] >= start and e["start"] <= end]
    events.sort(key=lambda e: e["start"])
    peaks = []
    for i, event in enumerate(events):
        lo = max((event["start"] - start).days, 0)
        hi = min((event["end"] - start).days, days - 1)
        intensity[lo : hi + 1] *= event["ramp_multiplier"]
        event_of_day[lo : hi + 1] = i
        peak = (event["peak"] - start).days
        if 0 <= peak < days:
            intensity[peak] *= event["peak_multiplier"] / event["ramp_multiplier"]
            if event["kind"] == "promotion":
                peaks.append(peak)
    intensity /= intensity[history_days:].mean()
    cumulative = np.concatenate([[0.0], np.cumsum(intensity)])
    return Calendar(start, days, intensity, cumulative, event_of_day, events, np.array(peaks, np.int32), history_days)


def sample_days(cal: Calendar, low: np.ndarray, high: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw one day per element with density ∝ intensity, between cumulative positions low..high."""
    u = low + rng.random(len(low)) * (high - low)
    return np.clip(np.searchsorted(cal.cumulative, u, side="right") - 1, 0, cal.days - 1).astype(np.int32)
