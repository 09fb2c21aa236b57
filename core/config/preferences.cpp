#include "config/preferences.h"

#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const QString Group = u"preferences/"_s;

int readInt(const QSettings &s, const QString &key, int fallback)
{
    bool ok = false;
    const int value = s.value(Group + key).toInt(&ok);
    return ok ? value : fallback;
}

qint64 readInt64(const QSettings &s, const QString &key, qint64 fallback)
{
    bool ok = false;
    const qint64 value = s.value(Group + key).toLongLong(&ok);
    return ok ? value : fallback;
}

bool readBool(const QSettings &s, const QString &key, bool fallback)
{
    const QVariant v = s.value(Group + key);
    if (!v.isValid())
        return fallback;
    const QString text = v.toString().toLower();
    if (text == u"true" || text == u"1")
        return true;
    if (text == u"false" || text == u"0")
        return false;
    return fallback;
}

} // namespace

bool operator==(const Preferences &a, const Preferences &b)
{
    return a.downloadFolder == b.downloadFolder && a.maxConcurrentDownloads == b.maxConcurrentDownloads
        && a.maxProcessingJobs == b.maxProcessingJobs && a.downloadsPerHost == b.downloadsPerHost
        && a.connectionsPerDownload == b.connectionsPerDownload && a.speedLimit == b.speedLimit
        && a.retries == b.retries && a.stallTimeoutSeconds == b.stallTimeoutSeconds && a.onStart == b.onStart
        && a.notifications == b.notifications && a.clipboardMonitoring == b.clipboardMonitoring
        && a.latencyOverlay == b.latencyOverlay;
}

Preferences Preferences::clamped() const
{
    Preferences p = *this;
    const auto clamp = [](int value, Range range) { return std::clamp(value, range.min, range.max); };
    p.maxConcurrentDownloads = clamp(p.maxConcurrentDownloads, DownloadsRange);
    p.maxProcessingJobs = clamp(p.maxProcessingJobs, ProcessingJobsRange);
    p.downloadsPerHost = clamp(p.downloadsPerHost, PerHostRange);
    p.connectionsPerDownload = clamp(p.connectionsPerDownload, ConnectionsRange);
    p.speedLimit = std::max<qint64>(0, p.speedLimit);
    p.retries = clamp(p.retries, RetriesRange);
    p.stallTimeoutSeconds = clamp(p.stallTimeoutSeconds, StallTimeoutRange);
    return p;
}

TaskEngine::Limits Preferences::limits() const
{
    const Preferences p = clamped();
    return { p.maxConcurrentDownloads, p.downloadsPerHost, p.maxProcessingJobs };
}

DownloadOptions Preferences::downloadOptions(DownloadOptions base) const
{
    const Preferences p = clamped();
    base.retry.maxRetries = p.retries;
    base.stallTimeout = std::chrono::seconds(p.stallTimeoutSeconds);
    return base;
}

Preferences PreferencesStore::load() const
{
    const Preferences d;
    Preferences p;
    p.downloadFolder = m_settings.value(Group + u"downloadFolder"_s).toString();
    p.maxConcurrentDownloads = readInt(m_settings, u"maxConcurrentDownloads"_s, d.maxConcurrentDownloads);
    p.maxProcessingJobs = readInt(m_settings, u"maxProcessingJobs"_s, d.maxProcessingJobs);
    p.downloadsPerHost = readInt(m_settings, u"downloadsPerHost"_s, d.downloadsPerHost);
    p.connectionsPerDownload = readInt(m_settings, u"connectionsPerDownload"_s, d.connectionsPerDownload);
    p.speedLimit = readInt64(m_settings, u"speedLimit"_s, d.speedLimit);
    p.retries = readInt(m_settings, u"retries"_s, d.retries);
    p.stallTimeoutSeconds = readInt(m_settings, u"stallTimeoutSeconds"_s, d.stallTimeoutSeconds);
    const QString onStart = m_settings.value(Group + u"onStart"_s).toString();
    p.onStart = onStart == u"keep-paused" ? Preferences::OnStart::KeepPaused : Preferences::OnStart::Resume;
    p.notifications = readBool(m_settings, u"notifications"_s, d.notifications);
    p.clipboardMonitoring = readBool(m_settings, u"clipboardMonitoring"_s, d.clipboardMonitoring);
    p.latencyOverlay = readBool(m_settings, u"latencyOverlay"_s, d.latencyOverlay);
    return p.clamped();
}

void PreferencesStore::save(const Preferences &preferences)
{
    const Preferences p = preferences.clamped();
    m_settings.setValue(Group + u"downloadFolder"_s, p.downloadFolder);
    m_settings.setValue(Group + u"maxConcurrentDownloads"_s, p.maxConcurrentDownloads);
    m_settings.setValue(Group + u"maxProcessingJobs"_s, p.maxProcessingJobs);
    m_settings.setValue(Group + u"downloadsPerHost"_s, p.downloadsPerHost);
    m_settings.setValue(Group + u"connectionsPerDownload"_s, p.connectionsPerDownload);
    m_settings.setValue(Group + u"speedLimit"_s, p.speedLimit);
    m_settings.setValue(Group + u"retries"_s, p.retries);
    m_settings.setValue(Group + u"stallTimeoutSeconds"_s, p.stallTimeoutSeconds);
    m_settings.setValue(Group + u"onStart"_s,
                        p.onStart == Preferences::OnStart::KeepPaused ? u"keep-paused"_s : u"resume"_s);
    m_settings.setValue(Group + u"notifications"_s, p.notifications);
    m_settings.setValue(Group + u"clipboardMonitoring"_s, p.clipboardMonitoring);
    m_settings.setValue(Group + u"latencyOverlay"_s, p.latencyOverlay);
}

} // namespace Ferry
