#pragma once

#include <QString>

class QThreadPool;

#include <chrono>

namespace Ferry {

// Ferry's worker threads give way to the GUI thread. With two cores shared by the network, the disk,
// hashing, extraction and the window, the thread that paints must win the CPU the moment it wakes.
// QThread::setPriority does nothing useful on Linux for normal threads (SCHED_OTHER has one static
// priority), so workers lower themselves: on Linux a thread's nice value and scheduling class are its
// own, and threads it starts inherit its nice value (the network threads the engine thread starts).
enum class ThreadRole {
    Engine,  // the engine thread: nice +5, so network and disk still beat the CPU work below
    Cpu,     // hashing, extraction, thumbnails: SCHED_BATCH (no wake-up preemption) and nice +10
};

// Lowers the calling thread to the role's class once; later calls on the same thread cost one
// thread_local read, so call it at the start of every job on a pool. Never raises a thread that is
// already lower. Returns false when the platform has no such control or refused (nothing changed).
// FERRY_NO_WORKER_PRIORITY=1 in the environment turns it off (for before/after measurements).
bool lowerCurrentThread(ThreadRole role);

// The GUI thread's side of the same bargain. On Linux 6.12 and later the fair scheduler (EEVDF) lets a
// thread ask for shorter time slices; a thread that wakes with a shorter slice than the running one
// preempts it at once instead of waiting out the runner's protected slice. That is what the GUI thread
// needs when it wakes for a timer or an input event while the network threads, the server or a worker
// hold both cores. Allowed without privileges; the policy and nice value are kept. Older kernels take
// the request and ignore it. Returns false when the platform has no such control or refused.
// FERRY_NO_WORKER_PRIORITY=1 turns it off too.
inline constexpr std::chrono::microseconds kGuiTimeSlice{300};
bool requestShortTimeSlices(std::chrono::microseconds slice = kGuiTimeSlice);

// The same for every thread of `pool`, which from then on keeps its threads (a new one would not
// have the short slices). For QThreadPool::globalInstance(): Qt 6.4's raster paint engine and its
// image conversions split large fills across that pool and wait for them on the GUI thread, so its
// threads work for the GUI thread. Returns at once; the threads apply it as they start.
void requestShortTimeSlices(QThreadPool *pool, std::chrono::microseconds slice = kGuiTimeSlice);

// The calling thread's time slice as the kernel reports it (Linux 6.12 and later; zero elsewhere).
std::chrono::microseconds currentThreadTimeSlice();

// The calling thread's class and nice value ("SCHED_BATCH nice 10"), for benchmarks and tests.
QString currentThreadSchedulingText();

} // namespace Ferry
