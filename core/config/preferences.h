#pragma once

#include "engine/taskengine.h"
#include "net/downloadtypes.h"

#include <QString>

class QSettings;

namespace Ferry {

// The user's settings as one typed value. The app reads it once at start, the settings dialog
// edits a copy, and the engine gets the parts it needs (limits(), downloadOptions()). Defaults
// are what a new user gets; every field is clamped to a sane range on load, so a hand-edited or
// foreign settings file can never make Ferry misbehave.
struct Preferences
{
    enum class OnStart { Resume, KeepPaused };

    QString downloadFolder;            // empty: the system's download folder
    int maxConcurrentDownloads = 3;    // 1..64
    int maxProcessingJobs = 0;         // 0: the number of cores; else 1..64
    int downloadsPerHost = 4;          // 0: no cap; else 1..64
    int connectionsPerDownload = 1;    // 1..16
    qint64 speedLimit = 0;             // bytes/s for all downloads together; 0: none
    int retries = 5;                   // 0..100
    int stallTimeoutSeconds = 30;      // 5..3600
    OnStart onStart = OnStart::Resume;
    bool notifications = true;
    bool clipboardMonitoring = false;  // off by default: reading the clipboard is the user's call
    bool latencyOverlay = false;       // the hidden debug overlay in the status bar

    // The range clamped() keeps each field in; the settings dialog's spin boxes show the same.
    struct Range
    {
        int min;
        int max;
    };
    static constexpr Range DownloadsRange{1, 64};
    static constexpr Range ProcessingJobsRange{0, 64};
    static constexpr Range PerHostRange{0, 64};
    static constexpr Range ConnectionsRange{1, 16};
    static constexpr Range RetriesRange{0, 100};
    static constexpr Range StallTimeoutRange{5, 3600};

    TaskEngine::Limits limits() const;
    DownloadOptions downloadOptions(DownloadOptions base = {}) const;

    // Every field, the same clamping as load(), so a value from the dialog is safe too.
    Preferences clamped() const;

    friend bool operator==(const Preferences &a, const Preferences &b);
    friend bool operator!=(const Preferences &a, const Preferences &b) { return !(a == b); }
};

// Reads and writes Preferences in a QSettings the caller owns (the app's, or a test's file): no
// global settings object anywhere. Keys live under "preferences/".
class PreferencesStore
{
public:
    explicit PreferencesStore(QSettings &settings) : m_settings(settings) {}

    Preferences load() const;
    void save(const Preferences &preferences);

private:
    QSettings &m_settings;
};

} // namespace Ferry
