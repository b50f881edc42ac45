using IgaBot.Core.Policy;
using NUnit.Framework;

namespace IgaBot.Core.Tests.Policy;

[TestFixture]
public sealed class DurationParserTests
{
    // A Wednesday.
    private static readonly DateTimeOffset Wednesday = new(2025, 3, 12, 10, 0, 0, TimeSpan.Zero);

    [TestCase("Can I get read-only access for 2 weeks?", 14 * 24 * 60)]
    [TestCase("admin access for an hour to fix a load balancer", 60)]
    [TestCase("production read access for a month because I'm on call this month", 30 * 24 * 60)]
    [TestCase("push code to the payments repos for 3 months", 90 * 24 * 60)]
    [TestCase("I need to look at prod logs for a couple of days", 2 * 24 * 60)]
    [TestCase("give me write for 1 minute", 1)]
    [TestCase("Salesforce admin for 4h", 4 * 60)]
    [TestCase("for an hour and a half", 90)]
    [TestCase("for half a day", 12 * 60)]
    [TestCase("for 2 hours 30 minutes", 150)]
    [TestCase("for a 3-day migration window", 3 * 24 * 60)]
    [TestCase("for a fortnight", 14 * 24 * 60)]
    [TestCase("extend it by 2 more days", 2 * 24 * 60)]
    [TestCase("for the next 48 hours", 48 * 60)]
    [TestCase("overtime numbers in Workday, for the next month while we do budgets", 30 * 24 * 60)]
    [TestCase("over the coming week", 7 * 24 * 60)]
    [TestCase("for a few days", 3 * 24 * 60)]
    [TestCase("build my own workbooks for a quarter", 90 * 24 * 60)]
    [TestCase("for two quarters", 180 * 24 * 60)]
    [TestCase("Kofi needs Architect access for the amendment, a month should cover it", 30 * 24 * 60)]
    [TestCase("read access to the vendor portal - a week is enough", 7 * 24 * 60)]
    [TestCase("need it for 2-3 days", 3 * 24 * 60)]
    [TestCase("for 3 to 5 days", 5 * 24 * 60)]
    [TestCase("for a day or two", 2 * 24 * 60)]
    [TestCase("a week or two should do", 14 * 24 * 60)]
    [TestCase("she handed the pass shift to me, so I need commanding on the bird now, a month to start with pls", 30 * 24 * 60)]
    [TestCase("need the dashboards - a week for now", 7 * 24 * 60)]
    // The time until something ("3 weeks out", "two days away") is the story; the length asked comes later.
    [TestCase("the design review is 3 weeks out and the runs are stuck. need the big queue for a month", 30 * 24 * 60)]
    [TestCase("go-live is two days away, need the deploy role for a week", 7 * 24 * 60)]
    // Given to someone ("give him a month"), or a clause that opens with the length and says it will do.
    [TestCase("Jake needs to run the close in NetSuite for the auditors, give him a month.", 30 * 24 * 60)]
    [TestCase("auditors are in next week. 2 weeks on the DMS should do it", 14 * 24 * 60)]
    // "for the month": one period, said without a number.
    [TestCase("need NetSuite reports for the month", 30 * 24 * 60)]
    [TestCase("for the quarter", 90 * 24 * 60)]
    // Working days are counted on the calendar: every five take a week.
    [TestCase("for 10 business days", 14 * 24 * 60)]
    [TestCase("5 working days should do", 7 * 24 * 60)]
    [TestCase("for 3 business days", 3 * 24 * 60)]
    // Common slips of the units.
    [TestCase("for a fortnite", 14 * 24 * 60)]
    [TestCase("for 2 weks", 14 * 24 * 60)]
    // The length asked beside a kind of thing named by a number and a capital ("3D").
    [TestCase("need to pull one of the 3D surveys out of the library for a week", 7 * 24 * 60)]
    [TestCase("for 3d", 3 * 24 * 60)]
    [TestCase("need the vault for 3D", 3 * 24 * 60)]
    // The first stretch of something new ("for his first month", "for the first 2 weeks") is the length asked.
    [TestCase("he joins the incident rotation monday and needs the P0 queue for his first month, please set him up", 30 * 24 * 60)]
    [TestCase("she starts on nights, give her the dispatch console for the first 2 weeks", 14 * 24 * 60)]
    // A word that makes a length something else counts only in its own clause: "first." ends one.
    [TestCase("need CAD admin to update the response plans so 12 gets picked up first. 4 hours should do it", 4 * 60)]
    [TestCase("need the gate console for 2 weeks. After that the new hire takes over", 14 * 24 * 60)]
    public void Find_ReadsTheLengthAsked(string text, int minutes)
    {
        var found = DurationParser.Find(text);

        Assert.That(found?.Duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromMinutes(minutes))));
    }

    [TestCase("I need this permanently")]
    [TestCase("make it permanent")]
    [TestCase("keep it indefinitely please")]
    [TestCase("with no end date")]
    public void Find_ReadsPermanentRequests(string text)
    {
        Assert.That(DurationParser.Find(text)?.Duration, Is.EqualTo(DurationRequest.Permanent));
    }

    [TestCase("for 8 hours, doesn't need to be permanent")]
    [TestCase("8 hours - not permanent")]
    [TestCase("8 hours only, I don't want it permanently")]
    public void Find_ANegatedPermanent_IsNoRequestForIt(string text)
    {
        Assert.That(DurationParser.FindAll(text).Select(d => d.Duration), Is.EqualTo(new[] { DurationRequest.Of(TimeSpan.FromHours(8)) }));
    }

    [TestCase("I'm on call this month")]
    [TestCase("we run the report twice a month")]
    [TestCase("we close the books once a month, a quarter at a time")]
    [TestCase("file the SAR myself, we're already 25 days past initial detection")]
    [TestCase("I need the last 3 months of data")]
    [TestCase("I need to see revenue for this quarter")]
    [TestCase("the numbers from last quarter")]
    [TestCase("the job failed 2 days ago")]
    [TestCase("I need Salesforce access")]
    [TestCase("debug incident INC-4521")]
    [TestCase("an ongoing incident")]
    [TestCase("a day")]
    // A name that begins like a number word and ends like a unit ("AMOS" is not "a mos", "Oneday" is not "one day").
    [TestCase("AMOS only lets me look at stuff")]
    [TestCase("I need Oneday Studio")]
    // An end said before a noun, with no "until", names a task ("the end of day cash-up", "our end of month close").
    [TestCase("he needs to do refunds and the end of day cash-up")]
    [TestCase("I need the ledger for our end of month close")]
    [TestCase("need to set up the 250 hr PM services on the loaders")]
    // A length before a period of work says how long each one is ("20 hr days", "12-hour shifts").
    [TestCase("the crew are working 20 hr days out there, can I get the crew timecards so I can fix their hours")]
    [TestCase("night team just came off 12-hour shifts and I need to approve their timecards")]
    // The first stretch of a thing is not a length asked ("the first 3 months of data").
    [TestCase("I need the first 3 months of data from the new plant")]
    // One capital letter joined to a number names a kind of thing ("3D", "2D"), here or as a place picked from a list.
    [TestCase("need to review the 3D models of the new terminal")]
    [TestCase("Red Hills 3D")]
    [TestCase("need autocad for the furniture plans, only 2D stuff nothing fancy")]
    public void Find_IgnoresTimesThatAreNotARequestedLength(string text)
    {
        Assert.That(DurationParser.Find(text), text == "a day" ? Is.Not.Null : Is.Null);
    }

    [Test]
    public void Find_GivesWhereTheDurationWasSaid()
    {
        const string text = "I need AWS admin for 2 hours to fix the outage";

        var found = DurationParser.Find(text)!;

        Assert.That(text.Substring(found.Start, found.Length), Is.EqualTo("2 hours"));
    }

    [TestCase("until Friday", 2)]
    [TestCase("till next Friday", 9)]
    [TestCase("until tomorrow", 1)]
    [TestCase("until Wednesday", 7)]
    public void Until_CountsDaysFromNow(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromDays(days))));
    }

    // An end named before a numbered task ("the EOY 2 report") is the task's name; "until EOY" is an end date.
    [TestCase("the EOY 2 report is due and I need to send it", false)]
    [TestCase("I need it until EOY", true)]
    public void AnEndBeforeANumberedTask_IsNoEndDate(string text, bool isLength)
    {
        Assert.That(DurationParser.Find(text, Wednesday), isLength ? Is.Not.Null : Is.Null);
    }

    [Test]
    public void Until_WithoutAClock_IsNotGuessed()
    {
        Assert.That(DurationParser.Find("until Friday"), Is.Null);
    }

    [TestCase("2 weeks", 14 * 24 * 60)]
    [TestCase("a month", 30 * 24 * 60)]
    [TestCase("month", 30 * 24 * 60)]
    [TestCase("P14D", 14 * 24 * 60)]
    [TestCase("PT4H", 4 * 60)]
    [TestCase("for 3 days please", 3 * 24 * 60)]
    [TestCase("actually make it 3 days", 3 * 24 * 60)]
    [TestCase("90 days", 90 * 24 * 60)]
    [TestCase("8 hours", 8 * 60)]
    [TestCase("1 day", 24 * 60)]
    public void TryParseAnswer_AcceptsADurationAsTheWholeAnswer(string text, int minutes)
    {
        Assert.That(DurationParser.TryParseAnswer(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromMinutes(minutes))));
    }

    [Test]
    public void TryParseAnswer_AcceptsPermanent()
    {
        Assert.That(DurationParser.TryParseAnswer("permanently", out var duration), Is.True);
        Assert.That(duration.IsPermanent, Is.True);
    }

    [TestCase("platform")]
    [TestCase("2")]
    [TestCase("I don't know")]
    [TestCase("because I'm on call for 2 weeks")]
    [TestCase("")]
    public void TryParseAnswer_RefusesAnswersThatAreNotJustADuration(string text)
    {
        Assert.That(DurationParser.TryParseAnswer(text, out var duration), Is.False);
        Assert.That(duration.IsStated, Is.False);
    }

    // From Wednesday 12 March 2025, 10:00.
    [TestCase("I need it through the end of the quarter", 20)]      // to 1 April
    [TestCase("until Friday", 2)]
    [TestCase("till end of next week", 9)]
    [TestCase("access till end of month please", 20)]
    [TestCase("for the rest of the month", 20)]
    [TestCase("until the 15th", 3)]
    [TestCase("until the 5th", 24)]                                  // 5 April
    [TestCase("over the weekend", 5)]                                // to Monday 17 March
    [TestCase("until the end of the year", 295)]
    [TestCase("through March", 20)]                                 // to 1 April
    [TestCase("until April", 20)]                                   // to 1 April
    [TestCase("till the end of June", 111)]                         // to 1 July
    [TestCase("until Dec 31", 295)]                                 // to 1 January
    [TestCase("thru month end", 20)]
    [TestCase("until the Friday after next", 9)]
    public void Find_ResolvesEndDatesFromNow(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(days)));
    }

    // A span between two days lasts from the first to the end of the last, wherever now is.
    [TestCase("put him on dispatch tuesday thru thursday (3 days)", 3)]
    [TestCase("cover the desk monday to friday", 5)]
    [TestCase("on call fri through mon", 4)]
    public void Find_ASpanBetweenTwoDays_LastsFromTheFirstToTheEndOfTheLast(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(days)));
    }

    [TestCase("just for today")]
    [TestCase("for tonight, the release goes out at 9")]
    [TestCase("today only, I'll hand it back tomorrow")]
    public void Find_TodayIsADayFromNow_WhateverTheServersClockSays(string text)
    {
        // Wednesday is 10:00 UTC: the end of the server's day would be 14 hours away, and evening for someone in the Pacific.
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(1)));
    }

    [TestCase("I spent 20 hours on it and still can't see the logs, I need read access")]
    [TestCase("I've been 2 years in the team and need Jira admin")]
    [TestCase("after 3 months on the project I need write access")]
    [TestCase("I waited 2 days for the old request, please give me Figma")]
    [TestCase("I have 5 tickets open and need the service desk role")]
    [TestCase("at the end of the month I close the books, I need the ledger")]
    // A task or a date named with a period is no length.
    [TestCase("I need the ledger for the month-end close")]
    [TestCase("I need the ledger for the quarter close")]
    // "By" a day is when something must be done or ready, not when the access ends.
    [TestCase("my new rep should be working leads in Salesforce by Monday")]
    [TestCase("the deal needs sign-off by Friday, can I get approval rights")]
    [TestCase("it has to be filed by the 15th")]
    [TestCase("3 days on the project and I still can't see the board")]
    // A length something had, or a delay of some length, happened.
    [TestCase("the 07:12 to Leeds had 40 mins at Doncaster on us, want to pull the signalling logs to see why")]
    [TestCase("we had a 2 hour outage on the depot wifi, need the controller logs")]
    [TestCase("there was a 40 min delay at York, need the CCTV from platform 3")]
    // A measure compared with a length ("over", "under") is the story's.
    [TestCase("we have 40 units over 60 days on the lot, I need to reprice them")]
    [TestCase("clear the tickets under 2 hours first, I need the queue")]
    // A length of something done is an amount of it.
    [TestCase("his logs are showing 3 hrs of unassigned driving from when the shop moved his truck, need to fix that in the ELD")]
    [TestCase("we've got 2 weeks of backed up scanning in the mailroom, need the imaging queue")]
    // A length a verb of the task takes is an amount of something, or describes a thing.
    [TestCase("want the historian add-in so i can pull 6 months of reactor temps into excel")]
    [TestCase("need to edit the master recipe to add a 30 min hold after the neutralization step")]
    public void Find_IgnoresNumbersFromTheStory(string text)
    {
        Assert.That(DurationParser.Find(text, Wednesday), Is.Null);
    }

    [Test]
    public void Find_TakesTheSpanAskedFor_AfterAStoryNumber()
    {
        Assert.That(DurationParser.Find("I spent 20 hours on it, I need admin for 2 days", Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(2)));
        Assert.That(DurationParser.Find("the 07:12 had 40 mins at Doncaster, I need the signalling logs for 3 days", Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(3)));
        Assert.That(DurationParser.Find("got 40 units over 60 days on the lot. need to reprice them, two weeks should do it", Wednesday)?.Duration.Length,
            Is.EqualTo(TimeSpan.FromDays(14)));
        Assert.That(DurationParser.Find("I need the test rig for 2 weeks of testing", Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(14)),
            "after \"for\" the length is the one asked for, whatever it is of");
    }

    [TestCase("I need 6 months of access to the historian", 180)]
    [TestCase("can I get a 2 week extension on the recipe editor", 14)]
    [TestCase("need to pull 3 months of data, for 2 weeks please", 14)]
    // A length hyphenated to its unit, before a noun, describes that thing.
    [TestCase("the report has to go in by the 15-day deadline. I need to lock the case, 7 days please", 7)]
    public void Find_KeepsALengthAskedFor_BesideAnAmount(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(days)));
    }

    // A hedge before a length that opens its clause ("like", "maybe") keeps it a length asked for.
    [TestCase("need to pull the buyer list so we can email past attendees. like a week is plenty", 7)]
    [TestCase("need to pull the buyer list so we can email past attendees - maybe a week is plenty", 7)]
    [TestCase("need to tweak the wash formula on the tunnel in baltimore. prob a week", 7)]
    [TestCase("need to tweak the wash formula on the tunnel in baltimore, perhaps a week", 7)]
    public void Find_TakesAHedgedLengthOpeningItsClause(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(days)));
    }

    // A hedge between "for" and the length keeps it introduced: "for like an hour" asks for the hour.
    [TestCase("need hubspot super admin for like an hour", 60)]
    [TestCase("read access to the ledger for maybe a week", 7 * 24 * 60)]
    [TestCase("the deploy role for prob a day", 24 * 60)]
    public void Find_TakesAHedgeAfterFor(string text, int minutes)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromMinutes(minutes)));
    }

    [TestCase("rest of the year-ish, say 6 months", 180)]
    [TestCase("a week, make it 10 days", 10)]
    [TestCase("for 2 weeks, and 3 days of it I'm on site", 14)]
    public void Find_TakesALengthSaidAgain(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(days)));
    }

    [TestCase("P3D", 3 * 24 * 60)]
    [TestCase("PT4H", 4 * 60)]
    [TestCase("3 days", 3 * 24 * 60)]
    [TestCase("4h", 4 * 60)]
    [TestCase("2 weeks", 14 * 24 * 60)]
    public void TryParse_ReadsToolArgumentsAndOptions(string text, int minutes)
    {
        Assert.That(DurationParser.TryParse(text, out var d), Is.True);
        Assert.That(d.Length, Is.EqualTo(TimeSpan.FromMinutes(minutes)));
    }

    [TestCase("permanent")]
    [TestCase("forever")]
    public void TryParse_ReadsPermanent(string text)
    {
        Assert.That(DurationParser.TryParse(text, out var d) && d.IsPermanent, Is.True);
    }

    [TestCase("")]
    [TestCase("PT0S")]
    [TestCase("soon")]
    [TestCase("3 days and then some more")]
    public void TryParse_RefusesAnythingElse(string text)
    {
        Assert.That(DurationParser.TryParse(text, out _), Is.False);
    }

    // How long someone else is away is the story; the length asked later with "for" is the one meant.
    [TestCase("Molly's at the boat show thru Sunday and a guy wants a refund. can I get manager in the till for 2 days?", 2)]
    [TestCase("can u give me access to approve the estimate? nadia's out the rest of the week and the shop waits. need it for 3 days", 3)]
    public void Find_TakesTheLengthAskedOverAnotherPersonsAbsence(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(days)));
    }

    // What the person says they only need restates the length: "only need it for 3 days" after an earlier one.
    [TestCase("the body shop is out the rest of the week, only need it for 3 days", 3)]
    public void Find_TakesWhatIsOnlyNeeded(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(days)));
    }

    // A number after a currency sign is money: "$3,400 quarter panel" asks for no three quarters.
    [Test]
    public void Find_ReadsNoLengthInAnAmountOfMoney()
    {
        var found = DurationParser.Find("approve the body shop estimate on unit 20871 ($3,400 quarter panel + bumper)", Wednesday);

        Assert.That(found, Is.Null);
    }

    // One whole period said on its own: "Whole month please".
    [TestCase("Need to load the plates onto the boot list. Whole month please, we're doing a sweep.", 30)]
    [TestCase("need the dispatch board for the full week", 7)]
    [TestCase("I need to write it off in the cellar app, just need it for the day.", 1)]
    public void Find_TakesAWholePeriod(string text, int days)
    {
        Assert.That(DurationParser.Find(text, Wednesday)?.Duration.Length, Is.EqualTo(TimeSpan.FromDays(days)));
    }

    // A whole period that describes a thing is no length: "the full year forecast".
    [Test]
    public void Find_ReadsNoLengthInAPeriodDescribingAThing()
    {
        Assert.That(DurationParser.Find("need to edit the full year forecast in the planning tool", Wednesday), Is.Null);
    }

    // "for the day shift" names the shift, not a length.
    [Test]
    public void Find_ReadsNoLengthInTheDayShift()
    {
        Assert.That(DurationParser.Find("need the scheduling board for the day shift", Wednesday), Is.Null);
    }
}
