"""Due work: the scheduler store, its worker and the timers of each breach."""
