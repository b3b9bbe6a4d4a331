package sandbox

// The seeded firm's IDs, fixed so samples/, docs and tests can name them.
// Each kind has its own range, so an ID of the wrong kind (a user's ID as a
// matter) is caught as a 422 rather than silently linking something else.
const (
	UserJane   int64 = 1001 // the user behind every token: Jane Doe <jane@firm.example>
	UserMarcus int64 = 1002
	UserPriya  int64 = 1003

	ContactAliceSmith    int64 = 2001
	ContactRobertJohnson int64 = 2002
	ContactAcme          int64 = 2003
	ContactMariaGarcia   int64 = 2004
	ContactNorthwind     int64 = 2005
	ContactCouriers      int64 = 2006
	ContactWhitfield     int64 = 2007 // Eleanor Whitfield
	ContactJSmithA       int64 = 2008 // "J. Smith": two contacts share the name (ambiguous by name,
	ContactJSmithB       int64 = 2009 // told apart by e-mail)

	MatterSmithContract  int64 = 3001 // 00012-Smith
	MatterJohnsonEstate  int64 = 3002 // 00013-Johnson
	MatterAcmeLease      int64 = 3003 // 00014-Acme
	MatterGarciaVisa     int64 = 3004 // 00015-Garcia
	MatterNorthwindTM    int64 = 3005 // 00016-Northwind
	MatterSmithClosing   int64 = 3006 // 00017-Smith
	MatterAcmeEmployment int64 = 3007 // 00018-Acme
	MatterGarciaCustody  int64 = 3008 // 00019-Garcia (closed)
	// Near-misses for lookups by display number: Clio's query=00042 finds
	// all three, and only one display number is exactly 00042-Whitfield.
	MatterWhitfield       int64 = 3009 // 00042-Whitfield
	MatterWhitfieldEstate int64 = 3010 // 00042-Whitfield Estate
	MatterMarsh           int64 = 3011 // 100042-Marsh

	DescResearch       int64 = 4001
	DescDrafting       int64 = 4002
	DescCourt          int64 = 4003
	DescClientMeeting  int64 = 4004
	DescPhoneCall      int64 = 4005
	DescCorrespondence int64 = 4006
	DescReview         int64 = 4007
	DescTravel         int64 = 4008

	TaskTypeFiling   int64 = 5001
	TaskTypeFollowUp int64 = 5002
	TaskTypeDeadline int64 = 5003
	TaskTypeReview   int64 = 5004

	ExpenseFilingFees  int64 = 6001
	ExpenseCourier     int64 = 6002
	ExpensePhotocopies int64 = 6003

	// Seeded activities: work already in the firm's books, so update
	// destinations (samples/activity-updates.*) have something to change on a
	// fresh sandbox. Below FirstActivityID, so they never meet a created ID.
	ActivitySmithResearch      int64 = 9001 // time entry, Jane, 00012-Smith
	ActivityJohnsonMeeting     int64 = 9002 // time entry, Marcus, 00013-Johnson
	ActivityAcmeLeaseDrafting  int64 = 9003 // time entry, Jane, 00014-Acme
	ActivityNorthwindSearch    int64 = 9004 // time entry, Marcus, 00016-Northwind
	ActivityGarciaVisaMeeting  int64 = 9005 // time entry, Priya, 00015-Garcia
	ActivityJohnsonCall        int64 = 9006 // time entry, Marcus, 00013-Johnson
	ActivityAcmeDismissalFile  int64 = 9007 // time entry, Jane, 00018-Acme
	ActivitySmithClosingReview int64 = 9008 // time entry, Priya, 00017-Smith
	ActivityNorthwindLetter    int64 = 9009 // time entry, Marcus, 00016-Northwind
	ActivityAcmeHearing        int64 = 9010 // time entry, Jane, 00018-Acme
	ActivitySmithFilingFee     int64 = 9011 // expense, Jane, 00012-Smith
	ActivityAcmeCourier        int64 = 9012 // expense, Jane, 00018-Acme

	// Seeded tasks, for samples/task-updates.*; below FirstTaskID likewise.
	TaskSmithFileClaim       int64 = 19001
	TaskAcmeLeaseSignatures  int64 = 19002
	TaskJohnsonWillReview    int64 = 19003
	TaskGarciaVisaPetition   int64 = 19004
	TaskNorthwindApplication int64 = 19005
	TaskSmithTitleSearch     int64 = 19006
	TaskAcmeDisclosure       int64 = 19007
	TaskGarciaCustodyClose   int64 = 19008
	TaskAcmeLimitation       int64 = 19009
	TaskSmithClosingFunds    int64 = 19010
	TaskSmithWitnessList     int64 = 19011
	TaskNorthwindWatch       int64 = 19012

	// FirstActivityID and FirstTaskID are the IDs the first creates receive.
	FirstActivityID int64 = 10001
	FirstTaskID     int64 = 20001
)

// SeedUser is a seeded firm member.
type SeedUser struct {
	ID                         int64
	FirstName, LastName, Email string
	Rate                       float64 // hourly rate used to price time entries
}

// SeedContact is a seeded person or company.
type SeedContact struct {
	ID                  int64
	Type                string // Person or Company
	FirstName, LastName string // Person only
	Name                string // display name
	Email               string
}

// SeedMatter is a seeded matter.
type SeedMatter struct {
	ID            int64
	Number        int
	DisplayNumber string
	Description   string
	Status        string // Open, Pending or Closed
	Client        int64
	Responsible   int64
}

// SeedNamed is a seeded record that only has a name (descriptions, task types, categories).
type SeedNamed struct {
	ID   int64
	Name string
	Rate float64 // activity descriptions and expense categories; 0 otherwise
}

// SeedActivity is a seeded time entry or expense. Clio computes the rest
// (price of a time entry from the rate hierarchy, total, billing flags).
type SeedActivity struct {
	ID       int64
	Type     string // TimeEntry or ExpenseEntry
	Date     string // YYYY-MM-DD
	User     int64
	Matter   int64
	Category int64   // activity description (TimeEntry) or expense category (ExpenseEntry)
	Quantity float64 // hours for a TimeEntry (stored in seconds, as Clio does from 4.0.4); units for an ExpenseEntry
	Price    float64 // unit cost of an ExpenseEntry; 0 for a TimeEntry (Clio prices it)
	Note     string
}

// SeedTask is a seeded task; its assigner is the matter's responsible attorney.
type SeedTask struct {
	ID          int64
	Name        string
	Description string
	Matter      int64
	Assignee    int64 // a user
	TaskType    int64
	Status      string // pending, in_progress, in_review or complete
	Priority    string // High, Normal or Low
	Due         string // YYYY-MM-DD, as Clio answers due_at (it takes a date-time on create)
	Assigned    string // YYYY-MM-DD, its created_at
	Statute     bool   // statute_of_limitations
}

// SeedData is the whole seeded firm.
type SeedData struct {
	Users                []SeedUser
	Contacts             []SeedContact
	Matters              []SeedMatter
	ActivityDescriptions []SeedNamed
	TaskTypes            []SeedNamed
	ExpenseCategories    []SeedNamed
	Activities           []SeedActivity
	Tasks                []SeedTask
}

// Seed is the firm every new Server starts with. Treat it as read-only.
var Seed = SeedData{
	Users: []SeedUser{
		{UserJane, "Jane", "Doe", "jane@firm.example", 350},
		{UserMarcus, "Marcus", "Chen", "marcus@firm.example", 275},
		{UserPriya, "Priya", "Patel", "priya@firm.example", 225},
	},
	Contacts: []SeedContact{
		{ContactAliceSmith, "Person", "Alice", "Smith", "Alice Smith", "alice.smith@mail.example"},
		{ContactRobertJohnson, "Person", "Robert", "Johnson", "Robert Johnson", "rjohnson@mail.example"},
		{ContactAcme, "Company", "", "", "Acme Holdings Ltd", "legal@acme.example"},
		{ContactMariaGarcia, "Person", "Maria", "Garcia", "Maria Garcia", "maria.garcia@mail.example"},
		{ContactNorthwind, "Company", "", "", "Northwind Traders", "counsel@northwind.example"},
		{ContactCouriers, "Company", "", "", "Rapid Court Couriers", "billing@couriers.example"},
		{ContactWhitfield, "Person", "Eleanor", "Whitfield", "Eleanor Whitfield", "Eleanor.Whitfield@mail.example"},
		{ContactJSmithA, "Person", "J.", "Smith", "J. Smith", "jsmith@mail.example"},
		{ContactJSmithB, "Person", "J.", "Smith", "J. Smith", "j.smith@other.example"},
	},
	Matters: []SeedMatter{
		{MatterSmithContract, 12, "00012-Smith", "Smith v. Jones: breach of contract", "Open", ContactAliceSmith, UserJane},
		{MatterJohnsonEstate, 13, "00013-Johnson", "Johnson estate planning", "Open", ContactRobertJohnson, UserMarcus},
		{MatterAcmeLease, 14, "00014-Acme", "Acme commercial lease renewal", "Open", ContactAcme, UserJane},
		{MatterGarciaVisa, 15, "00015-Garcia", "Garcia work visa application", "Pending", ContactMariaGarcia, UserPriya},
		{MatterNorthwindTM, 16, "00016-Northwind", "Northwind trademark registration", "Open", ContactNorthwind, UserMarcus},
		{MatterSmithClosing, 17, "00017-Smith", "Smith residential purchase closing", "Open", ContactAliceSmith, UserPriya},
		{MatterAcmeEmployment, 18, "00018-Acme", "Acme wrongful dismissal claim", "Open", ContactAcme, UserJane},
		{MatterGarciaCustody, 19, "00019-Garcia", "Garcia custody arrangement", "Closed", ContactMariaGarcia, UserPriya},
		{MatterWhitfield, 42, "00042-Whitfield", "Whitfield boundary wall dispute", "Open", ContactWhitfield, UserMarcus},
		{MatterWhitfieldEstate, 43, "00042-Whitfield Estate", "Whitfield estate administration", "Open", ContactWhitfield, UserPriya},
		{MatterMarsh, 100042, "100042-Marsh", "Marsh drainage claim", "Open", ContactNorthwind, UserJane},
	},
	ActivityDescriptions: []SeedNamed{
		{DescResearch, "Legal research", 0},
		{DescDrafting, "Drafting", 0},
		{DescCourt, "Court appearance", 400},
		{DescClientMeeting, "Client meeting", 0},
		{DescPhoneCall, "Telephone call", 0},
		{DescCorrespondence, "Correspondence", 0},
		{DescReview, "Document review", 0},
		{DescTravel, "Travel", 150},
	},
	TaskTypes: []SeedNamed{
		{TaskTypeFiling, "Filing", 0},
		{TaskTypeFollowUp, "Follow-up", 0},
		{TaskTypeDeadline, "Deadline", 0},
		{TaskTypeReview, "Review", 0},
	},
	ExpenseCategories: []SeedNamed{
		{ExpenseFilingFees, "Filing fees", 0},
		{ExpenseCourier, "Courier", 45},
		{ExpensePhotocopies, "Photocopies", 0.25},
	},
	Activities: []SeedActivity{
		{ActivitySmithResearch, "TimeEntry", "2026-10-05", UserJane, MatterSmithContract, DescResearch, 2.0, 0, "Legal research on breach of contract claim"},
		{ActivityJohnsonMeeting, "TimeEntry", "2026-10-07", UserMarcus, MatterJohnsonEstate, DescClientMeeting, 1.5, 0, "Meeting with Robert Johnson to review estate plan options"},
		{ActivityAcmeLeaseDrafting, "TimeEntry", "2026-10-09", UserJane, MatterAcmeLease, DescDrafting, 0.8, 0, "Drafted lease renewal terms"},
		{ActivityNorthwindSearch, "TimeEntry", "2026-10-14", UserMarcus, MatterNorthwindTM, DescResearch, 2.5, 0, "Trademark clearance search for the NORTHWIND word mark"},
		{ActivityGarciaVisaMeeting, "TimeEntry", "2026-10-16", UserPriya, MatterGarciaVisa, DescClientMeeting, 1.0, 0, "Client meeting re visa application documents"},
		{ActivityJohnsonCall, "TimeEntry", "2026-10-21", UserMarcus, MatterJohnsonEstate, DescPhoneCall, 0.5, 0, "Telephone call with client re executor appointment"},
		{ActivityAcmeDismissalFile, "TimeEntry", "2026-10-23", UserJane, MatterAcmeEmployment, DescReview, 1.8, 0, "Reviewed personnel file and dismissal letter"},
		{ActivitySmithClosingReview, "TimeEntry", "2026-10-28", UserPriya, MatterSmithClosing, DescReview, 1.2, 0, "Reviewed closing documents"},
		{ActivityNorthwindLetter, "TimeEntry", "2026-11-03", UserMarcus, MatterNorthwindTM, DescCorrespondence, 0.4, 0, "Letter to client re examiner's office action"},
		{ActivityAcmeHearing, "TimeEntry", "2026-11-10", UserJane, MatterAcmeEmployment, DescCourt, 3.5, 0, "Attended hearing re dismissal claim pleadings"},
		{ActivitySmithFilingFee, "ExpenseEntry", "2026-10-06", UserJane, MatterSmithContract, ExpenseFilingFees, 1, 250, "Filing fee - statement of claim"},
		{ActivityAcmeCourier, "ExpenseEntry", "2026-11-09", UserJane, MatterAcmeEmployment, ExpenseCourier, 1, 45, "Courier - hearing bundle to courthouse"},
	},
	Tasks: []SeedTask{
		{TaskSmithFileClaim, "File statement of claim", "File the statement of claim with the Superior Court and serve the defendant.",
			MatterSmithContract, UserJane, TaskTypeFiling, "in_progress", "Normal", "2026-11-20", "2026-10-05", false},
		{TaskAcmeLeaseSignatures, "Follow up on signed lease renewal", "Chase Acme for the countersigned lease renewal.",
			MatterAcmeLease, UserJane, TaskTypeFollowUp, "pending", "Normal", "2026-12-04", "2026-10-09", false},
		{TaskJohnsonWillReview, "Review draft will", "Check the draft will against the instructions from the planning meeting.",
			MatterJohnsonEstate, UserMarcus, TaskTypeReview, "in_progress", "Normal", "2026-12-01", "2026-10-07", false},
		{TaskGarciaVisaPetition, "Submit work visa petition", "Submit the petition with the employer's support letter and pay the fee.",
			MatterGarciaVisa, UserPriya, TaskTypeFiling, "in_progress", "High", "2026-11-30", "2026-10-16", false},
		{TaskNorthwindApplication, "Draft trademark application", "Draft the application for the NORTHWIND word mark in classes 35 and 39.",
			MatterNorthwindTM, UserPriya, TaskTypeFiling, "pending", "Normal", "2026-12-11", "2026-10-14", false},
		{TaskSmithTitleSearch, "Order title search", "Order the title search and the survey for the property.",
			MatterSmithClosing, UserPriya, TaskTypeFollowUp, "pending", "Normal", "2026-11-27", "2026-10-28", false},
		{TaskAcmeDisclosure, "Request defence disclosure", "Write to opposing counsel for the documents listed in the defence.",
			MatterAcmeEmployment, UserJane, TaskTypeFollowUp, "pending", "Normal", "2026-12-15", "2026-10-23", false},
		{TaskGarciaCustodyClose, "Close file and return originals", "Return the original documents to the client and close the file.",
			MatterGarciaCustody, UserPriya, TaskTypeReview, "in_review", "Low", "2026-11-25", "2026-11-02", false},
		{TaskAcmeLimitation, "Diarise limitation date", "Record the limitation date for the wrongful dismissal claim.",
			MatterAcmeEmployment, UserJane, TaskTypeDeadline, "pending", "High", "2026-12-31", "2026-10-23", true},
		{TaskSmithClosingFunds, "Collect closing funds", "Collect the balance of the purchase price into the trust account.",
			MatterSmithClosing, UserPriya, TaskTypeFollowUp, "pending", "Normal", "2026-12-08", "2026-10-28", false},
		{TaskSmithWitnessList, "Prepare witness list", "List the witnesses for trial and check their availability.",
			MatterSmithContract, UserMarcus, TaskTypeDeadline, "pending", "Normal", "2026-12-18", "2026-11-10", false},
		{TaskNorthwindWatch, "Set up trademark watch", "Set up a watch service for confusingly similar marks.",
			MatterNorthwindTM, UserMarcus, TaskTypeReview, "complete", "Low", "2026-11-13", "2026-11-03", false},
	},
}
