#pragma once

#include "engine/taskspec.h"

#include <QWidget>

class QCheckBox;
class QSpinBox;

namespace Ferry {

// The steps after a download (or for local files) as checkboxes: verify, decompress, extract and
// delete the archive, thumbnails of a size. Produces a Recipe; the checksum sources are the
// caller's business.
class RecipeEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecipeEditor)

public:
    explicit RecipeEditor(QWidget *parent = nullptr);

    Recipe recipe() const;

Q_SIGNALS:
    void changed();

private:
    void updateEnabled();

    QCheckBox *m_verify;
    QCheckBox *m_decompress;
    QCheckBox *m_extract;
    QCheckBox *m_deleteArchive;
    QCheckBox *m_thumbnails;
    QSpinBox *m_thumbnailSize;
};

} // namespace Ferry
