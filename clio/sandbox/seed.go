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

	MatterSmithContract  int64 = 3001 // 00012-Smith
	MatterJohnsonEstate  int64 = 3002 // 00013-Johnson
	MatterAcmeLease      int64 = 3003 // 00014-Acme
	MatterGarciaVisa     int64 = 3004 // 00015-Garcia
	MatterNorthwindTM    int64 = 3005 // 00016-Northwind
	MatterSmithClosing   int64 = 3006 // 00017-Smith
	MatterAcmeEmployment int64 = 3007 // 00018-Acme
	MatterGarciaCustody  int64 = 3008 // 00019-Garcia (closed)

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

// SeedData is the whole seeded firm.
type SeedData struct {
	Users                []SeedUser
	Contacts             []SeedContact
	Matters              []SeedMatter
	ActivityDescriptions []SeedNamed
	TaskTypes            []SeedNamed
	ExpenseCategories    []SeedNamed
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
}
