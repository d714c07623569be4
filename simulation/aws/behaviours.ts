/**
 * Every behaviour of the engine, the AWS provider and AWS that the component relies on and the fake
 * account models, with the source it comes from. `tests/fake-behaviours.spec.ts` has one test per row
 * (by `id`) that fails when the fake drifts from it, and a test that every row has one.
 *
 * `basis` says how sure the row is: `source` (the quoted source settles it), `worst case` (no source
 * settles it; the fake takes the worst case a document allows, and the row says which), or `unverified`
 * (no source settles it and no document names a worse outcome: the most consistent reading, to be
 * checked against a real account).
 */
export interface Behaviour {
    readonly id: string;
    /** What the component reads or does that depends on it. */
    readonly surface: string;
    /** What the fake does. */
    readonly behaviour: string;
    /** Where it comes from: a provider source file, an AWS document, a public issue. */
    readonly source: string;
    readonly basis: "source" | "worst case" | "unverified";
}

export const BEHAVIOURS: readonly Behaviour[] = [
    {
        id: "invoke-failure",
        surface: "every lookup that can fail (components/replies.ts readInvokeFailure)",
        behaviour: "a failed invoke rejects with `invocation of <token> returned an error: invoking <token>: 1 error occurred:\\n\\t* <message>\\n\\n`",
        source: "pulumi/pulumi pkg/resource/deploy/source_eval.go (Invoke: \"invocation of %v returned an error: %w\"); @pulumi/pulumi runtime/invoke.js (new Error(err.details)); " +
            "the provider's list as quoted in DefangLabs/defang#86 and DefangLabs/pulumi-defang#305",
        basis: "source",
    },
    {
        id: "invoke-failure-legacy",
        surface: "the same, for older providers (FakeAwsOptions.providerErrors: \"legacy\")",
        behaviour: "one line, `invoking <token>: <message>`, with the older zone wording `no matching Route53Zone found`",
        source: "terraform-provider-aws route53 zone data source before the AWS SDK v2 migration (hashicorp/terraform-provider-aws#37510): \"no matching Route53Zone found\"; " +
            "the release that changed it is not documented, so the component reads both",
        basis: "worst case",
    },
    {
        id: "not-found-texts",
        surface: "a zone that does not exist yet (every first deploy), a missing VPC, subnet, endpoint or resolver",
        behaviour: "`no matching Route 53 Hosted Zone found`, `no matching EC2 VPC found`, `no matching EC2 Subnet found`, `no matching EC2 VPC Endpoint found`, `no Route53 Resolver Endpoint matched`",
        source: "terraform-provider-aws internal/tfresource SingularDataSourceFindError (\"no matching %s found\") in route53/zone_data_source.go, ec2/vpc_data_source.go, " +
            "ec2/vpc_subnet_data_source.go, ec2/vpc_endpoint_data_source.go; route53resolver/endpoint_data_source.go (\"no Route53 Resolver Endpoint matched\")",
        basis: "source",
    },
    {
        id: "several-texts",
        surface: "a lookup of this component's own endpoint or resolver that finds two (an orphan)",
        behaviour: "`multiple EC2 VPC Endpoints matched; use additional constraints ...`, `<n> Route53 Resolver Endpoints matched; ...`",
        source: "terraform-provider-aws internal/tfresource (\"multiple %[1]ss matched; use additional constraints to reduce matches to a single %[1]s\"); route53resolver/endpoint_data_source.go",
        basis: "source",
    },
    {
        id: "get-zone",
        surface: "finding the zone of a name on a VPC, and this component's zone by its owner tag",
        behaviour: "getZone lists the caller's own zones: by name (trailing dot and case ignored), private, associated with vpcId (any account's association), with the given tags; returns the name without a trailing dot, the comment and the tags",
        source: "terraform-provider-aws route53/zone_data_source.go (ListHostedZones, GetHostedZone per candidate for vpc_id, ListTagsForResource for tags, normalizeDomainName)",
        basis: "source",
    },
    {
        id: "get-records",
        surface: "reading the deployed records of a zone (day-2 checks)",
        behaviour: "record set names end with a dot; name_regex is matched against that name; NS and SOA are listed too",
        source: "terraform-provider-aws route53/records_data_source.go and its test (resource_record_sets.0.name = recordName + \".\")",
        basis: "source",
    },
    {
        id: "set-inputs",
        surface: "resolver ipAddresses, endpoint subnetIds, securityGroupIds and subnetConfigurations, zone vpcs, record values",
        behaviour: "compared as sets; elements with the same hash merge: two resolver addresses of one subnet without an ip become one (hash: subnet id + ip)",
        source: "terraform-provider-aws route53resolver/endpoint.go (ip_address TypeSet, endpointHashIPAddress); issues #28233 and #43724; ec2/vpc_endpoint.go (TypeSet)",
        basis: "source",
    },
    {
        id: "optional-computed",
        surface: "unpinning endpointIps; the endpoints' read-back addresses",
        behaviour: "an Optional+Computed input (subnetConfigurations, subnetIds, allowOverwrite, security group rules) left out is no change and sends nothing; pinning the addresses the interfaces have is no change either",
        source: "terraform-provider-aws ec2/vpc_endpoint.go (subnet_configuration and subnet_ids: Optional: true, Computed: true; Read fills subnet_configuration from DescribeNetworkInterfaces)",
        basis: "source",
    },
    {
        id: "subnet-configurations-resent",
        surface: "any change of a pinned endpoint's subnets or addresses",
        behaviour: "the update sends every subnet configuration, and AWS replaces the interface of each one that names an address (new interface id, same address), even an unchanged one",
        source: "terraform-provider-aws ec2/vpc_endpoint.go Update (all configurations when HasChange(\"subnet_configuration\"); CustomizeDiff when subnet_ids change); EC2 API reference, " +
            "SubnetConfiguration: \"If you specify an IPv4 address when modifying a VPC endpoint, we replace the existing endpoint network interface ... This process temporarily disconnects the subnet\". " +
            "Whether an unchanged address is spared is not documented: replaced",
        basis: "worst case",
    },
    {
        id: "subnet-ids-diff",
        surface: "adding or draining a subnet of unpinned endpoints",
        behaviour: "only the subnets added or removed change: an added one gets an interface at an address AWS picks, a removed one loses its interface at that step; the others are untouched",
        source: "terraform-provider-aws ec2/vpc_endpoint.go Update (AddSubnetIds, RemoveSubnetIds from the set difference)",
        basis: "source",
    },
    {
        id: "address-in-use",
        surface: "pinned endpoint and resolver addresses",
        behaviour: "an address another interface holds is refused (InvalidIPAddress.InUse for endpoints, ResourceExistsException for resolvers); the first four and the last address of a subnet are reserved",
        source: "EC2 API reference, error codes (InvalidIPAddress.InUse); Amazon VPC User Guide, \"Subnet CIDR blocks\" (five reserved addresses)",
        basis: "source",
    },
    {
        id: "resolver-addresses",
        surface: "the inbound resolver",
        behaviour: "a resolver endpoint needs 2 to 6 addresses",
        source: "Route 53 Resolver API, CreateResolverEndpoint (IpAddresses: minimum of 2); Route 53 quotas (IP addresses per endpoint)",
        basis: "source",
    },
    {
        id: "record-upsert",
        surface: "the component's records (allowOverwrite: true)",
        behaviour: "a create of a record set whose name, type and set identifier exist fails `Tried to create resource record set [...] but it already exists`, unless allowOverwrite makes it an UPSERT",
        source: "terraform-provider-aws route53/record.go (\"Use UPSERT only if the overwrite flag is true or if the current action is an update\"); the error as quoted in barnybug/cli53#317",
        basis: "source",
    },
    {
        id: "zone-conflict",
        surface: "creating a zone, associating a spoke",
        behaviour: "a second private zone of a name on one VPC, or an association that exists already, is refused with ConflictingDomainExists",
        source: "Route 53 API reference, AssociateVPCWithHostedZone and CreateHostedZone (ConflictingDomainExists); terraform-provider-aws route53/zone_association.go (no special case for an existing association)",
        basis: "source",
    },
    {
        id: "association-id",
        surface: "taking over a spoke association with import",
        behaviour: "a zone association's id is `<zone id>:<vpc id>:<vpc region>`",
        source: "terraform-provider-aws route53/zone_association.go (zoneAssociationCreateResourceID)",
        basis: "source",
    },
    {
        id: "cross-account-association",
        surface: "a spoke of another account",
        behaviour: "the association is refused until the zone's account authorized the VPC; creating an authorization again succeeds",
        source: "Route 53 Developer Guide, \"Associating an Amazon VPC and a private hosted zone that you created with different AWS accounts\"; " +
            "CreateVPCAssociationAuthorization lists no error for an existing authorization (ConcurrentModification, InvalidInput, InvalidVPCId, NoSuchHostedZone, TooManyVPCAssociationAuthorizations)",
        basis: "unverified",
    },
    {
        id: "access-denied",
        surface: "a spoke role without Route 53 read permissions (FakeAwsAccount.denyLookup)",
        behaviour: "a denied lookup fails with the AWS SDK's `operation error <service>: <operation>, https response error StatusCode: 403, api error AccessDenied: ... is not authorized to perform: <action>` in the provider's list",
        source: "AWS's AccessDenied message (\"User: <arn> is not authorized to perform: route53:ListHostedZones\", as quoted in acmesh-official/acme.sh#65 and " +
            "whereisaaron/dehydrated-route53-hook-script#2) in the AWS SDK for Go v2's wrapping (aws/smithy-go: OperationError \"operation error %s: %s\", " +
            "ResponseError \"https response error StatusCode: %d\", GenericAPIError \"api error %s: %s\"); the component only shows it. IAM itself is not modelled",
        basis: "source",
    },
    {
        id: "import-option",
        surface: "taking over the component's own objects after an interrupted update",
        behaviour: "import of an id the stack does not record adopts the object (and updates what the program declares differently); an id the stack records is an ordinary registration; another id replaces the recorded one",
        source: "pulumi/pulumi developer-docs/architecture/import.md; pulumi/pulumi#19339 (3.174.0: import then update in one deployment)",
        basis: "source",
    },
    {
        id: "interrupted-create",
        surface: "an update stopped after AWS accepted a create",
        behaviour: "AWS holds the object, the stack does not; the next update creates it again",
        source: "pulumi/pulumi#9293 (pending operations warn and proceed); Pulumi docs, \"Interrupted updates\"",
        basis: "source",
    },
    {
        id: "autonaming",
        surface: "security groups, IoT policies, alarms and domain configurations created again",
        behaviour: "every create gets a new random suffix, so a retried create has a new name",
        source: "pulumi/pulumi pkg/resource/deploy/step_generator.go (a fresh random seed per deployment); pulumi-terraform-bridge ComputeAutoNameDefault",
        basis: "source",
    },
    {
        id: "security-group-names",
        surface: "the component's security groups",
        behaviour: "two security groups of one VPC cannot share a name (InvalidGroup.Duplicate); a group the provider creates has no egress rule unless the program gives one",
        source: "EC2 API reference, CreateSecurityGroup (\"You can't have two security groups for the same VPC with the same name\"); terraform-provider-aws ec2/vpc_security_group.go (revokes the default egress rule)",
        basis: "source",
    },
    {
        id: "s3-private-dns",
        surface: "Greengrass's S3 interface endpoint",
        behaviour: "private DNS on an S3 interface endpoint is refused unless privateDnsOnlyForInboundResolverEndpoint is false or the VPC has an S3 gateway endpoint; with it, s3.<region> and *.s3.<region> answer the endpoint's addresses in the VPC",
        source: "Amazon S3 User Guide, \"AWS PrivateLink for Amazon S3\" (\"If you don't specify a value for PrivateDnsOnlyForInboundResolverEndpoint, it will default to true ... the VPC must have a gateway endpoint for the service\"); " +
            "terraform-provider-aws ec2/vpc_endpoint.go (the flag is sent when a dnsOptions block is given)",
        basis: "source",
    },
    {
        id: "private-dns-conflict",
        surface: "Greengrass's optional service endpoints",
        behaviour: "a second interface endpoint with private DNS for one service in a VPC is refused (its names are taken)",
        source: "the EC2 error users report (\"private-dns-enabled cannot be set because there is already a conflicting DNS domain for ... in the VPC\"); no AWS document lists it, so the worst case: refused",
        basis: "worst case",
    },
    {
        id: "domain-name-taken",
        surface: "custom domains with certificates",
        behaviour: "a domain name belongs to one domain configuration at a time (ResourceAlreadyExistsException)",
        source: "AWS IoT API reference, CreateDomainConfiguration (ResourceAlreadyExistsException)",
        basis: "source",
    },
    {
        id: "deleted-endpoints-listed",
        surface: "finding this component's endpoints by their tags (a destroyed and re-deployed stack, a replaced endpoint)",
        behaviour: "a deleted VPC endpoint stays listed by getVpcEndpoint in state `deleted` (kept for good: AWS does not say how long), matched by tags unless a `vpc-endpoint-state` filter leaves it out; importing it fails",
        source: "terraform-provider-aws ec2/find.go findVPCEndpointByID (an endpoint in state `deleted` is NotFound, so DescribeVpcEndpoints returns them) against " +
            "ec2/vpc_endpoint_data_source.go (findVPCEndpoint: no state check); the states are listed in PrivateLink's \"interface endpoint lifecycle\"",
        basis: "worst case",
    },
    {
        id: "vpc-endpoint-data-source",
        surface: "every getVpcEndpoint answer the component reads (subnets, route tables, private DNS, tags)",
        behaviour: "getVpcEndpoint answers the data source's attributes, not the endpoint's inputs: `subnetIds` and `routeTableIds` empty when the endpoint has none, `privateDnsEnabled` false, `vpcEndpointType` `Gateway` when AWS gives none",
        source: "terraform-provider-aws ec2/vpc_endpoint_data_source.go (schema: subnet_ids and route_table_ids computed sets, d.Set of each on every read; KeyValueTags(...).IgnoreAWS())",
        basis: "source",
    },
    {
        id: "gateway-route-conflict",
        surface: "Greengrass's S3 gateway endpoint (greengrassOptions.s3RouteTableIds)",
        behaviour: "a gateway endpoint on a route table that already has a gateway endpoint of the same service is refused with RouteAlreadyExists",
        source: "eksctl-io/eksctl#2510 (an S3 gateway endpoint created on a route table that routes S3 through another fails: the route to the service's prefix list exists); " +
            "EC2 CreateRoute's RouteAlreadyExists for a destination a route table has",
        basis: "source",
    },
    {
        id: "stack-state",
        surface: "other teams' stacks in the same account, and `pulumi stack rename`",
        behaviour: "each `<project>/<stack>` has its own state: a run neither sees nor deletes another stack's resources; renameStack gives a stack's state to its new name",
        source: "Pulumi docs, \"Stacks\" (each stack has its own state) and `pulumi stack rename` (the stack keeps its resources; pulumi.getStack() answers the new name)",
        basis: "source",
    },
    {
        id: "resolver-interface-description",
        surface: "recognising its own resolver's addresses without its marks (components/replies.ts resolverOfInterface, on getNetworkInterface's description)",
        behaviour: "each address of a resolver endpoint is a network interface described `Route 53 Resolver: <rslvr-in-/rslvr-out- id>:<rni- id>`, ids of 17 hex digits",
        source: "getmoto/moto moto/route53resolver/models.py (ResolverEndpoint.create_eni and associate_ip_address: description f\"Route 53 Resolver: {self.id}:{eni_id}\", " +
            "eni_id \"rni-\" + 17 hex digits); moto is an emulator, and tools that read real accounts' interfaces (ENI and IP inventories) parse the same " +
            "`Route 53 Resolver: <endpoint id>:` prefix; no AWS document states it",
        basis: "unverified", // moto emulates AWS; no AWS document states the format
    },
];
