#pragma once

#include <QtGlobal>

namespace Ferry {

// The calling process's resident set size in bytes (VmRSS), or -1 where the platform does not say.
// For benchmarks and the startup measurement.
qint64 residentMemoryBytes();

} // namespace Ferry
