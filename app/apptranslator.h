#pragma once

#include <QLocale>
#include <QTranslator>

#include <memory>

namespace confab::app {

// The translator of the app's own strings (C++ tr() and QML qsTr()) for `locale`, from the
// catalogues compiled into the program (:/i18n/confab_<lang>.qm, built from resources/translations).
// nullptr when there is none for that locale: the source strings are English.
std::unique_ptr<QTranslator> loadAppTranslator(const QLocale &locale);

} // namespace confab::app
