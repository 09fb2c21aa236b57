#pragma once

#include "net/downloadtypes.h"

#include <QString>

namespace Ferry {

// What an earlier, interrupted run of the same command left that a rerun may trust. ferry-cli keeps no
// queue, so a rerun after a kill must not fetch a file that is already complete (publishing it again as
// "name (1)") nor skip the steps it had not finished:
// - a file under its final name whose expected checksum matches is complete: it is not fetched again;
// - `name.ferry-steps` beside it, written before the download starts and removed only when the file's
//   steps (verify, extract...) all succeeded, says they must run again.
// Without an expected checksum nothing can prove a file complete, and a rerun downloads it anew.
namespace EarlierRun {

// The marker's path for a file's final path.
QString stepsMarker(const QString &finalPath);
bool stepsPending(const QString &finalPath);
// Empty on success, else why the marker could not be written (the run goes on without it).
QString markStepsPending(const QString &finalPath, const QUrl &url);
void clearStepsPending(const QString &finalPath);

// Whether the file at path has the expected digest; reads the whole file (run it on a pool).
bool fileMatches(const QString &path, const ExpectedChecksum &expected);

} // namespace EarlierRun

} // namespace Ferry
