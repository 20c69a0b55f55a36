"""Defaults of `sendkg duplicates`, kept apart from the scoring so the command line can
show them in its help without importing NumPy, SciPy and scikit-learn."""

# The fit (scripts/calibrate_duplicates.py --fit, dev halves only) chooses a threshold and
# moves the intercept so that this default calls the same pairs as that choice.
DEFAULT_MIN_SCORE = 0.5
