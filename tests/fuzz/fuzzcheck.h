#pragma once

#include <QString>

#include <cstdlib>

namespace Ferry::Fuzz {

// The properties every name Ferry writes to disk must have; abort() makes libFuzzer keep the input.
inline void checkSafeName(const QString &name)
{
    if (name.isEmpty() || name == u"." || name == u".." || name.startsWith(u'.') || name.contains(u'/')
        || name.contains(u'\\') || name.toUtf8().size() > 255)
        std::abort();
    for (qsizetype i = 0; i < name.size(); ++i) {
        char32_t code = name.at(i).unicode();
        if (QChar::isHighSurrogate(code) && i + 1 < name.size() && name.at(i + 1).isLowSurrogate()) {
            code = QChar::surrogateToUcs4(name.at(i), name.at(i + 1));
            ++i;
        } else if (QChar::isSurrogate(code))
            std::abort();  // a lone surrogate is not text any file system should get
        const auto category = QChar::category(code);
        if (category == QChar::Other_Control || category == QChar::Other_Format)
            std::abort();
    }
}

} // namespace Ferry::Fuzz
