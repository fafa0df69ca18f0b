// Which renderer the window gets: the software one only where Mesa would emulate a GPU on the CPU
// (X11 or Wayland without a render device), and whatever the person asked for otherwise.
#include "renderbackend.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using confab::app::chooseRenderBackend;
using confab::app::RenderBackend;

class TestRenderBackend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void choice_data();
    void choice();
};

void TestRenderBackend::choice_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("platform");
    QTest::addColumn<bool>("gpu");
    QTest::addColumn<bool>("software");

    QTest::newRow("x11 without a GPU (Xvfb, a VM)") << QString() << QString() << u"xcb"_s << false << true;
    QTest::newRow("wayland without a GPU") << QString() << QString() << u"wayland-egl"_s << false << true;
    QTest::newRow("x11 with a GPU") << QString() << QString() << u"xcb"_s << true << false;
    QTest::newRow("offscreen draws in software anyway")
        << QString() << QString() << u"offscreen"_s << false << false;
    QTest::newRow("windows") << QString() << QString() << u"windows"_s << true << false;
    QTest::newRow("forced software") << u"CONFAB_RENDERER"_s << u"software"_s << u"xcb"_s << true << true;
    QTest::newRow("forced gpu") << u"CONFAB_RENDERER"_s << u"GPU"_s << u"xcb"_s << false << false;
    QTest::newRow("Qt told which backend") << u"QT_QUICK_BACKEND"_s << u"rhi"_s << u"xcb"_s << false << false;
    QTest::newRow("Qt told which RHI") << u"QSG_RHI_BACKEND"_s << u"opengl"_s << u"xcb"_s << false << false;
}

void TestRenderBackend::choice()
{
    QFETCH(QString, variable);
    QFETCH(QString, value);
    QFETCH(QString, platform);
    QFETCH(bool, gpu);
    QFETCH(bool, software);
    QProcessEnvironment env;
    if (!variable.isEmpty())
        env.insert(variable, value);
    const confab::app::RenderChoice choice = chooseRenderBackend(env, platform, gpu);
    QCOMPARE(choice.backend == RenderBackend::Software, software);
    QVERIFY(!choice.reason.isEmpty());
}

QTEST_GUILESS_MAIN(TestRenderBackend)
#include "tst_renderbackend.moc"
